package dev.switchboard.bridge.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * A launcher command line as the launcher itself parses it ({@code Main.parse}, reached by
 * reflection: it is the launcher's own, package-private parser, and a copy of its rules here would
 * drift). Unknown commands and options fail the test with the launcher's message.
 */
record LauncherCommand(String command, String config) {
  static LauncherCommand parse(List<String> args) {
    try {
      Class<?> main = Class.forName("dev.switchboard.bridge.launcher.Main");
      Class<?> arguments = Class.forName("dev.switchboard.bridge.launcher.Main$Invocation");
      Method parse = main.getDeclaredMethod("parse", String[].class);
      parse.setAccessible(true);
      Object parsed = parse.invoke(null, (Object) args.toArray(String[]::new));
      Method command = arguments.getDeclaredMethod("command");
      Method config = arguments.getDeclaredMethod("config");
      command.setAccessible(true);
      config.setAccessible(true);
      return new LauncherCommand((String) command.invoke(parsed), (String) config.invoke(parsed));
    } catch (InvocationTargetException refused) {
      return fail("the launcher refuses " + args + ": " + refused.getCause().getMessage());
    } catch (ReflectiveOperationException moved) {
      return fail("the launcher's argument parser moved: " + moved);
    }
  }
}
