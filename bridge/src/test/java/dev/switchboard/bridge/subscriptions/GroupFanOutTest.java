package dev.switchboard.bridge.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.testing.Probes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A group's encoded results reach its members on their own event loops: the very same bytes, in
 * publish order, completion after the events, and a member that cannot write is closed alone once
 * its buffer is full.
 */
class GroupFanOutTest {
  private static final int BUFFER = 16;
  private final Vertx vertx = Vertx.vertx();
  private final SubscriptionGroups groups = new SubscriptionGroups();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SubscriptionMetrics metrics = new SubscriptionMetrics(registry);
  private final AtomicReference<Group> group = new AtomicReference<>();

  @AfterEach
  void stop() {
    vertx.close();
  }

  @Test
  void publish_membersOnTwoLoops_eachGetsTheSameBytesInOrder() throws Exception {
    ContextInternal one = newLoop();
    ContextInternal two = newLoop();
    assertNotSame(one.nettyEventLoop(), two.nettyEventLoop());
    Member first = join(one, new Room());
    Member second = join(two, new Room());
    Member third = join(one, new Room());
    byte[][] events = {{'1'}, {'2'}, {'3'}};

    for (byte[] event : events) {
      group.get().publish(event);
    }

    for (Member member : List.of(first, second, third)) {
      await(() -> member.received.size() == 3);
      for (int i = 0; i < 3; i++) {
        assertSame(events[i], member.received.get(i), "the group's bytes, not a copy");
      }
    }
  }

  @Test
  void join_connectionsOnOneLoop_shareOneGroupLoop_thoughEachHasItsOwnDuplicateContext()
      throws Exception {
    ContextInternal loop = newLoop();
    // each connection and request runs on its own duplicate of its event loop's context
    List<Member> members =
        List.of(
            join(loop.duplicate(), new Room()),
            join(loop.duplicate(), new Room()),
            join(loop.duplicate(), new Room()));

    group.get().publish(new byte[] {'1'});

    assertEquals(1, group.get().loopCount(), "one task per loop per event, not one per member");
    for (Member member : members) {
      await(() -> member.received.size() == 1);
    }
  }

  @Test
  void publish_memberThatCannotWrite_closedAsSlowConsumerAlone_theOtherGetsEveryEvent()
      throws Exception {
    Room full = new Room();
    full.writable = false;
    Member slow = join(newLoop(), full);
    Member healthy = join(newLoop(), new Room());

    for (int i = 0; i <= BUFFER; i++) {
      group.get().publish(new byte[] {(byte) i});
    }

    await(() -> full.closed.get() != null);
    assertEquals("1008 slow consumer: more than 16 events were waiting", full.closed.get());
    assertEquals(0, slow.received.size());
    await(() -> slow.completed);
    await(() -> healthy.received.size() == BUFFER + 1);
    assertEquals(1, group.get().size(), "the healthy member stays in the group");
  }

  @Test
  void publish_eventLoopBlocked_inboxStopsAtItsLimit_thatLoopsMembersClosedAsSlow_othersGoOn()
      throws Exception {
    ContextInternal blocked = newLoop();
    ContextInternal free = newLoop();
    assertNotSame(blocked.nettyEventLoop(), free.nettyEventLoop(), "two event loops");
    Room stuckRoom = new Room();
    Member stuck = join(blocked, stuckRoom);
    Member healthy = join(free, new Room());
    int limit = BUFFER * SubscriptionSession.GROUP_BUFFER_FACTOR;
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(1);
    blocked.runOnContext(
        ignored -> {
          holding.countDown();
          awaitQuietly(release);
        });
    holding.await(5, TimeUnit.SECONDS);

    // in steps the free loop keeps up with: only the blocked one may fall behind
    for (int step = 0; step < 3 * SubscriptionSession.GROUP_BUFFER_FACTOR; step++) {
      for (int i = 0; i < BUFFER; i++) {
        group.get().publish(new byte[] {(byte) i});
      }
      int sent = (step + 1) * BUFFER;
      await(() -> healthy.received.size() == sent);
    }
    int waitingWhileBlocked = group.get().pendingOn(blocked);
    release.countDown();

    assertEquals(limit, waitingWhileBlocked, "results past the limit are not kept");
    await(() -> stuckRoom.closed.get() != null);
    assertEquals(
        "1008 slow consumer: the event loop fell more than 64 events behind",
        stuckRoom.closed.get());
    await(() -> stuck.completed);
    assertEquals(limit, stuck.receivedBeforeCompletion, "what was kept arrives, then the close");
    assertEquals(
        1.0, registry.counter("switchboard.subscriptions.slow.consumers").count(), "counted once");
    await(() -> healthy.received.size() == limit * 3);
    assertEquals(1, group.get().size(), "the other loop's member stays in the group");
  }

  /** A context on the next event loop (round robin): two calls give two loops. */
  private ContextInternal newLoop() {
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void cancel_mostMembersOfALoopLeave_theRestStillGetEvents_andTheEndedAreLetGo() throws Exception {
    ContextInternal loop = newLoop();
    List<Member> leaving = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      leaving.add(join(loop.duplicate(), new Room()));
    }
    Member staying = join(loop.duplicate(), new Room());
    await(() -> group.get().listedOn(loop) == 201);

    leaving.forEach(member -> member.subscription.cancel());
    group.get().publish(new byte[] {'1'});

    await(() -> staying.received.size() == 1);
    await(() -> group.get().listedOn(loop) == 1);
    assertEquals(1, group.get().size());
    for (Member member : leaving) {
      assertEquals(0, member.received.size(), "nothing after leaving");
    }
  }

  @Test
  void completed_afterEvents_eachMemberGetsTheEventsThenCompletion() throws Exception {
    Member member = join(newLoop(), new Room());

    group.get().publish(new byte[] {'a'});
    group.get().publish(new byte[] {'b'});
    group.get().completed();

    await(() -> member.completed);
    assertEquals(2, member.receivedBeforeCompletion);
  }

  private Member join(Context context, Room room) throws Exception {
    Member member = new Member();
    SubscriptionSession session =
        new SubscriptionSession(context, Caller.anonymous("anonymous"), room, 10, BUFFER, metrics);
    Publisher<Object> publisher =
        groups
            .join(
                "key",
                session,
                member.received::add,
                (founded, own) -> {
                  group.set(founded);
                  founded.opened(() -> {});
                })
            .get(5, TimeUnit.SECONDS);
    publisher.subscribe(member);
    await(() -> member.subscribed);
    return member;
  }

  private static void await(BooleanSupplier condition) {
    Probes.awaitTrue(condition, () -> "timed out");
  }

  /** graphql-java's side of a member: sees only its start and its end. */
  private static final class Member implements Subscriber<Object> {
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    volatile boolean subscribed;
    volatile Subscription subscription;
    volatile boolean completed;
    volatile int receivedBeforeCompletion;

    @Override
    public void onSubscribe(Subscription subscription) {
      this.subscription = subscription;
      subscribed = true;
    }

    @Override
    public void onNext(Object item) {
      throw new AssertionError("results bypass graphql-java");
    }

    @Override
    public void onError(Throwable failure) {
      throw new AssertionError(failure);
    }

    @Override
    public void onComplete() {
      receivedBeforeCompletion = received.size();
      completed = true;
    }
  }

  private static final class Room implements Delivery {
    volatile boolean writable = true;
    final AtomicReference<String> closed = new AtomicReference<>();

    @Override
    public boolean writable() {
      return writable;
    }

    @Override
    public void whenWritable(Runnable action) {}

    @Override
    public boolean open() {
      return closed.get() == null;
    }

    @Override
    public void close(int code, String reason) {
      closed.set(code + " " + reason);
    }
  }
}
