package dev.switchboard.bridge.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.switchboard.bridge.http.AccessRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The shipped logback.xml (tests run with logback-test.xml), loaded into a context of its own. */
class LogbackXmlTest {
  final LoggerContext context = new LoggerContext();

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  void jsonFormat_usesTheFlatEncoder_andTheAccessLogHasItsOwnAsyncAppender() throws Exception {
    configure("JSON");

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    OutputStreamAppender<ILoggingEvent> json =
        (OutputStreamAppender<ILoggingEvent>) root.getAppender("JSON");
    assertNotNull(json, "root writes JSON");
    assertInstanceOf(JsonLogEncoder.class, json.getEncoder());
    Logger access = context.getLogger(AccessRecord.LOGGER);
    assertFalse(access.isAdditive(), "access lines are written once");
    assertEquals(Level.INFO, access.getLevel());
    AsyncAppender async = (AsyncAppender) access.getAppender("ACCESS_ASYNC");
    assertNotNull(async.getAppender("JSON"), "access lines use the chosen format");
    assertEquals(0, async.getDiscardingThreshold(), "access lines are never discarded");
  }

  @Test
  void textFormat_writesKeyValueFieldsAfterTheMessage_andNothingExtraWithout() throws Exception {
    configure("TEXT");
    OutputStreamAppender<ILoggingEvent> text =
        (OutputStreamAppender<ILoggingEvent>)
            context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("TEXT");
    Logger logger = context.getLogger(AccessRecord.LOGGER);

    LoggingEvent plain =
        new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "stopped", null, null);
    LoggingEvent access =
        new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "GET /x 404", null, null);
    access.setKeyValuePairs(List.of(new KeyValuePair("status", 404)));

    assertEquals(
        "stopped\n",
        afterDash(new String(text.getEncoder().encode(plain), StandardCharsets.UTF_8)));
    assertEquals(
        "GET /x 404 status=\"404\"\n",
        afterDash(new String(text.getEncoder().encode(access), StandardCharsets.UTF_8)));
  }

  private void configure(String format) throws Exception {
    context.putProperty("SWITCHBOARD_LOG_FORMAT", format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
  }

  private static String afterDash(String line) {
    return line.substring(line.indexOf(" - ") + 3);
  }
}
