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
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SDL files (or {@code classpath:} resources) into one registry, keeping file names for
 * messages.
 */
final class SchemaFiles {
  private SchemaFiles() {}

  /** Reads every file before failing, so one run names the problems of all of them. */
  static TypeDefinitionRegistry read(List<String> files) throws SchemaException {
    TypeDefinitionRegistry merged = new TypeDefinitionRegistry();
    List<String> problems = new ArrayList<>();
    for (String file : files) {
      try {
        merged.merge(parse(readText(file), file));
      } catch (SchemaException unreadable) {
        problems.addAll(unreadable.problems());
      } catch (SchemaProblem conflict) {
        problems.addAll(describeEach(conflict.getErrors()));
      }
    }
    if (!problems.isEmpty()) {
      throw new SchemaException(problems);
    }
    return merged;
  }

  static TypeDefinitionRegistry parse(String sdl, String sourceName) throws SchemaException {
    MultiSourceReader reader =
        MultiSourceReader.newMultiSourceReader().string(sdl, sourceName).build();
    try {
      return new SchemaParser().parse(reader);
    } catch (SchemaProblem syntax) {
      throw new SchemaException(describeEach(syntax.getErrors()));
    }
  }

  static List<String> describeEach(List<GraphQLError> errors) {
    return errors.stream().map(SchemaFiles::describe).toList();
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
