package dev.switchboard.bridge.subscriptions;

/**
 * The transport of a group's own execution: never full (each member has its own bounded buffer and
 * socket); closing it (the execution fell a whole buffer behind its events) closes every member.
 */
final class GroupDelivery implements Delivery {
  private final Group group;

  GroupDelivery(Group group) {
    this.group = group;
  }

  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public void whenWritable(Runnable action) {
    action.run();
  }

  @Override
  public void close(int code, String reason) {
    // the shared execution fell behind, not this client: say so
    group.closeAll(code, "group " + reason);
  }
}
