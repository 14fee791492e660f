package dev.switchboard.bridge.schema;

import graphql.GraphQLError;
import graphql.language.SourceLocation;
import graphql.parser.MultiSourceReader;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.errors.SchemaProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads SDL files (or {@code classpath:} resources) into one registry, keeping file names for
 * messages.
 */
final class SchemaFiles {
  private SchemaFiles() {}

  static TypeDefinitionRegistry read(List<String> files) throws SchemaException {
    TypeDefinitionRegistry merged = new TypeDefinitionRegistry();
    for (String file : files) {
      TypeDefinitionRegistry one = parse(readText(file), file);
      try {
        merged.merge(one);
      } catch (SchemaProblem conflict) {
        throw new SchemaException(describe(conflict.getErrors()));
      }
    }
    return merged;
  }

  static TypeDefinitionRegistry parse(String sdl, String sourceName) throws SchemaException {
    MultiSourceReader reader =
        MultiSourceReader.newMultiSourceReader().string(sdl, sourceName).build();
    try {
      return new SchemaParser().parse(reader);
    } catch (SchemaProblem syntax) {
      throw new SchemaException(describe(syntax.getErrors()));
    }
  }

  static String describe(List<GraphQLError> errors) {
    return errors.stream().map(SchemaFiles::describe).collect(Collectors.joining("\n"));
  }

  private static String describe(GraphQLError error) {
    List<SourceLocation> locations = error.getLocations();
    if (locations == null || locations.isEmpty()) {
      return error.getMessage();
    }
    return location(locations.get(0)) + ": " + error.getMessage();
  }

  static String location(SourceLocation at) {
    if (at == null) {
      return "(unknown location)";
    }
    String file = at.getSourceName() != null ? at.getSourceName() : "(schema)";
    return file + ":" + at.getLine();
  }

  private static String readText(String file) throws SchemaException {
    if (file.startsWith("classpath:")) {
      String resource = file.substring("classpath:".length());
      try (InputStream in = SchemaFiles.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new SchemaException(file + ": no such resource");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException unreadable) {
        throw new SchemaException(file + ": " + unreadable.getMessage());
      }
    }
    try {
      return Files.readString(Path.of(file));
    } catch (IOException unreadable) {
      throw new SchemaException(file + ": cannot read: " + unreadable.getMessage());
    }
  }
}
