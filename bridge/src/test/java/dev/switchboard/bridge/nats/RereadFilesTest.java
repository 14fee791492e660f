package dev.switchboard.bridge.nats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.bridge.testing.CapturedLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret file read at each connect: new content is used, broken content never is. */
class RereadFilesTest {
  @TempDir Path dir;

  private RereadFiles<char[]> token(Path file, AtomicInteger reads) {
    return RereadFiles.of(
        "nats.tokenFile",
        file.toString(),
        () -> {
          reads.incrementAndGet();
          return SecretFiles.read("nats.tokenFile", file.toString());
        });
  }

  @Test
  void current_unchangedFile_isNotParsedAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "one\n");
    AtomicInteger reads = new AtomicInteger();
    RereadFiles<char[]> token = token(file, reads);

    token.current();
    token.current();

    assertEquals(1, reads.get());
  }

  @Test
  void current_changedFile_givesTheNewContent() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "one\n");
    RereadFiles<char[]> token = token(file, new AtomicInteger());

    Files.writeString(file, "two\n");

    assertArrayEquals("two".toCharArray(), token.current());
  }

  @Test
  void current_emptiedFile_keepsTheLastGoodContent_warnsOnce_thenTakesTheFixedOne()
      throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "one\n");
    RereadFiles<char[]> token = token(file, new AtomicInteger());
    try (CapturedLog log = CapturedLog.start()) {
      Files.writeString(file, "\n");

      assertArrayEquals("one".toCharArray(), token.current());
      assertArrayEquals("one".toCharArray(), token.current());
      assertEquals(
          1, log.lines().stream().filter(line -> line.contains(file + " is empty")).count());

      Files.writeString(file, "three\n");
      assertArrayEquals("three".toCharArray(), token.current());
    }
  }

  @Test
  void of_unreadableAtStart_refusesNamingKeyAndFile() {
    Path missing = dir.resolve("missing");

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> token(missing, new AtomicInteger()));

    assertEquals(
        "nats.tokenFile: cannot read " + missing + " (NoSuchFileException)", refused.getMessage());
  }
}
