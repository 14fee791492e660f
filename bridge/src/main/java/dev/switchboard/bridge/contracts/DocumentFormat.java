package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/** How a generated document is printed. */
public enum DocumentFormat {
  JSON(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)),
  YAML(
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build()));

  private final ObjectMapper mapper;

  DocumentFormat(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code json} or {@code yaml}; empty for anything else. */
  public static Optional<DocumentFormat> named(String name) {
    for (DocumentFormat format : values()) {
      if (format.name().toLowerCase(Locale.ROOT).equals(name)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  public String write(JsonNode document) {
    try {
      String text = mapper.writeValueAsString(document);
      return text.endsWith("\n") ? text : text + "\n";
    } catch (JsonProcessingException cannotHappen) {
      throw new UncheckedIOException(cannotHappen);
    }
  }
}
