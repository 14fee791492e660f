package dev.switchboard.bridge.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Json#bytes} writes exactly the mapper's bytes, whatever the tree holds. */
class JsonBytesTest {
  private static final String[] TEXTS = {
    "",
    "plain",
    "quote \" backslash \\ slash /",
    "tab\tnewline\ncontrol\u0001",
    "grüße 東京 😀",
    "\u2028\u2029",
    "</script>"
  };

  @Test
  void bytes_generatedTrees_sameBytesAsTheMapper() throws Exception {
    Random random = new Random(12);
    for (int i = 0; i < 2_000; i++) {
      Object tree = tree(random, 0);

      assertArrayEquals(
          Json.MAPPER.writeValueAsBytes(tree), Json.bytes(tree), String.valueOf(tree));
    }
  }

  @Test
  void bytes_valuesTheWriterLeavesToTheMapper_sameBytesAsTheMapper() throws Exception {
    Map<Object, Object> numberKeys = new LinkedHashMap<>();
    numberKeys.put(1, "one");
    numberKeys.put("two", 2);
    numberKeys.put(3L, "three");
    numberKeys.put(true, "yes");
    numberKeys.put(Thread.State.NEW, "an enum");
    numberKeys.put(java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"), "uuid");
    numberKeys.put(new Point(4, 5), "a bean, named by its toString");
    Map<String, Object> mixed = new LinkedHashMap<>();
    mixed.put("short", (short) 3);
    mixed.put("float", 1.5f);
    mixed.put("big", new BigDecimal("1.10"));
    mixed.put("huge", new BigInteger("123456789012345678901234567890"));
    mixed.put("array", new Object[] {1, "a", null});
    mixed.put("set", new LinkedHashSet<>(List.of("x", "y")));
    mixed.put("numberKeys", numberKeys);
    mixed.put("nan", Double.NaN);
    mixed.put("bean", new Point(1, 2));

    assertArrayEquals(Json.MAPPER.writeValueAsBytes(mixed), Json.bytes(mixed));
  }

  @Test
  void bytes_nullKey_refusedAsTheMapperRefusesIt() {
    Map<String, Object> withNullKey = new HashMap<>();
    withNullKey.put(null, 1);
    Map<String, Object> nested = Map.of("inner", withNullKey);

    assertThrows(Exception.class, () -> Json.MAPPER.writeValueAsBytes(nested));
    assertThrows(IllegalArgumentException.class, () -> Json.bytes(nested));
  }

  @Test
  void bytes_nestingBeyondTheWriteLimit_refusedAsTheMapperRefusesIt() {
    Object deep = "leaf";
    for (int i = 0; i < 2_000; i++) {
      deep = List.of(deep);
    }
    Object tooDeep = deep;

    assertThrows(Exception.class, () -> Json.MAPPER.writeValueAsBytes(tooDeep));
    assertThrows(IllegalArgumentException.class, () -> Json.bytes(tooDeep));
  }

  /** A JavaBean, as an error's extension could be. */
  public record Point(int x, int y) {}

  private static Object tree(Random random, int depth) {
    int kind = random.nextInt(depth > 4 ? 7 : 9);
    return switch (kind) {
      case 0 -> null;
      case 1 -> TEXTS[random.nextInt(TEXTS.length)];
      case 2 -> random.nextBoolean();
      case 3 -> random.nextInt();
      case 4 -> random.nextLong();
      case 5 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
      case 6 -> random.nextBoolean() ? Integer.MIN_VALUE : Long.MAX_VALUE;
      case 7 -> {
        Map<String, Object> map = random.nextBoolean() ? new LinkedHashMap<>() : new HashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          map.put(TEXTS[random.nextInt(TEXTS.length)] + i, tree(random, depth + 1));
        }
        yield map;
      }
      default -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          list.add(tree(random, depth + 1));
        }
        yield random.nextBoolean() ? list : Arrays.asList(list.toArray());
      }
    };
  }
}
