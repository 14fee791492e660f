package dev.switchboard.bridge.subscriptions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Live subscription counts and the reasons subscriptions end badly, for {@code /metrics}. */
public final class SubscriptionMetrics {
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final Counter slowConsumers;
  // Counted once per subscriber per event: a plain adder, read when scraped (a registry counter
  // samples exemplars on every increment).
  private final LongAdder delivered;
  // One per event per execution: per subscriber when ungrouped, per group when grouped.
  private final LongAdder executions;

  public SubscriptionMetrics(MeterRegistry registry) {
    delivered = new LongAdder();
    executions = new LongAdder();
    Gauge.builder("switchboard.subscriptions.active", active, AtomicInteger::get)
        .description("Live GraphQL subscriptions (each holds its NATS interest)")
        .register(registry);
    Gauge.builder("switchboard.subscriptions.connections", connections, AtomicInteger::get)
        .description("Open WebSocket and SSE streaming connections")
        .register(registry);
    slowConsumers =
        Counter.builder("switchboard.subscriptions.slow.consumers")
            .description("Clients closed because they stopped reading and their buffer filled")
            .register(registry);
    FunctionCounter.builder("switchboard.subscriptions.events.delivered", delivered, LongAdder::sum)
        .description("Events handed to subscribers")
        .register(registry);
    FunctionCounter.builder("switchboard.subscription.executions", executions, LongAdder::sum)
        .description("Subscription events executed (once per group for grouped subscriptions)")
        .register(registry);
  }

  /** A group execution's view: counts its executions and slow consumers, not its own liveness. */
  private SubscriptionMetrics(SubscriptionMetrics members) {
    slowConsumers = members.slowConsumers;
    executions = members.executions;
    delivered = new LongAdder();
  }

  SubscriptionMetrics forGroup() {
    return new SubscriptionMetrics(this);
  }

  /** Subscription events executed so far, over all subscriptions (for tests). */
  public long executions() {
    return executions.sum();
  }

  public int active() {
    return active.get();
  }

  void started() {
    active.incrementAndGet();
  }

  void ended() {
    active.decrementAndGet();
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  void slowConsumer() {
    slowConsumers.increment();
  }

  void delivered() {
    delivered.increment();
  }

  void executed() {
    executions.increment();
  }
}
