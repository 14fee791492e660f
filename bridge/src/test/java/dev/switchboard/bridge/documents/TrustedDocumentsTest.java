package dev.switchboard.bridge.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.DocumentsConfig.Mode;
import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.AstPrinter;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.validation.ValidationError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which documents run in each mode, through the engine's document lookup (as every transport). */
class TrustedDocumentsTest {
  static final GraphQLSchema SCHEMA =
      new SchemaGenerator()
          .makeExecutableSchema(
              new SchemaParser().parse("type Query { hello: String, other: String }"),
              RuntimeWiring.newRuntimeWiring().build());
  static final String TRUSTED = "{ hello }";
  static final String FREE = "{ other }";

  @TempDir Path dir;

  private DocumentRules rules(Mode mode) throws Exception {
    return new DocumentRules(mode, manifest(), false, 1);
  }

  private Manifest manifest() throws Exception {
    Path file = dir.resolve("manifest.json");
    Files.writeString(file, "{\"%s\": \"%s\"}".formatted(Sha256.hex(TRUSTED), TRUSTED));
    return Manifest.load(List.of(file.toString()));
  }

  /** Counts what reaches the document cache: a refused document must never be parsed. */
  final AtomicInteger parsed = new AtomicInteger();

  /** The bridge's document lookup with a plain parse-and-validate behind it. */
  private Function<ExecutionInput, PreparsedDocumentEntry> engine(DocumentRules rules) {
    PreparsedDocumentProvider cache =
        (input, unused) -> {
          parsed.incrementAndGet();
          return CompletableFuture.completedFuture(parseAndValidate(input.getQuery()));
        };
    TrustedDocuments documents = new TrustedDocuments(rules, cache);
    return input ->
        documents
            .getDocumentAsync(
                input,
                unused -> {
                  throw new AssertionError("graphql-java's own parsing is never used");
                })
            .join();
  }

  private PreparsedDocumentEntry prepare(DocumentRules rules, ExecutionInput input) {
    return engine(rules).apply(input);
  }

  private static PreparsedDocumentEntry parseAndValidate(String query) {
    ParseAndValidateResult result =
        ParseAndValidate.parseAndValidate(SCHEMA, ExecutionInput.newExecutionInput(query).build());
    if (result.getDocument() == null) {
      return new PreparsedDocumentEntry(result.getErrors());
    }
    return result.isFailure()
        ? new PreparsedDocumentEntry(result.getDocument(), result.getErrors())
        : new PreparsedDocumentEntry(result.getDocument());
  }

  static ExecutionInput text(String query) {
    return DocumentIds.describe(ExecutionInput.newExecutionInput(), query, null, Map.of()).build();
  }

  static ExecutionInput apq(String hash, String query) {
    return DocumentIds.describe(
            ExecutionInput.newExecutionInput(),
            query,
            null,
            Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)))
        .build();
  }

  static ExecutionInput documentId(String id) {
    return DocumentIds.describe(ExecutionInput.newExecutionInput(), null, id, Map.of()).build();
  }

  static void assertRuns(PreparsedDocumentEntry entry) {
    assertFalse(entry.hasErrors(), () -> entry.getErrors().toString());
  }

  static void assertRefused(String code, String message, PreparsedDocumentEntry entry) {
    assertTrue(entry.hasErrors(), "expected a refusal");
    assertEquals(code, entry.getErrors().get(0).getExtensions().get("code"));
    assertEquals(message, entry.getErrors().get(0).getMessage());
  }

  static void assertRefused(String code, PreparsedDocumentEntry entry) {
    assertTrue(entry.hasErrors(), "expected a refusal");
    assertEquals(code, entry.getErrors().get(0).getExtensions().get("code"));
  }

  // --- off --------------------------------------------------------------------------------------

  @Test
  void off_freeText_runs() throws Exception {
    assertRuns(prepare(rules(Mode.off), text(FREE)));
  }

  @Test
  void off_manifestIdsAreNotUnderstood() throws Exception {
    assertRefused(
        "PERSISTED_QUERY_NOT_FOUND",
        "PersistedQueryNotFound",
        prepare(rules(Mode.off), apq(Sha256.hex(TRUSTED), null)));
  }

  @Test
  void off_hashWithItsText_runsWithoutRegistering() throws Exception {
    DocumentRules rules = rules(Mode.off);
    Function<ExecutionInput, PreparsedDocumentEntry> engine = engine(rules);

    assertRuns(engine.apply(apq(Sha256.hex(FREE), FREE)));
    assertRefused("PERSISTED_QUERY_NOT_FOUND", engine.apply(apq(Sha256.hex(FREE), null)));
  }

  // --- APQ --------------------------------------------------------------------------------------

  @Test
  void apq_roundTrip_unknownHashThenRegisterThenHashAlone() {
    Function<ExecutionInput, PreparsedDocumentEntry> engine =
        engine(new DocumentRules(Mode.off, Manifest.EMPTY, true, 10));
    String hash = Sha256.hex(FREE);

    assertRefused(
        "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound", engine.apply(apq(hash, null)));
    assertRuns(engine.apply(apq(hash, FREE)));
    PreparsedDocumentEntry byHash = engine.apply(apq(hash, null));

    assertRuns(byHash);
    assertEquals(
        AstPrinter.printAst(engine.apply(text(FREE)).getDocument()),
        AstPrinter.printAst(byHash.getDocument()));
  }

  @Test
  void apq_hashThatIsNotTheTextsHash_isBadRequest_andNotRegistered() {
    DocumentRules rules = new DocumentRules(Mode.off, Manifest.EMPTY, true, 10);
    Function<ExecutionInput, PreparsedDocumentEntry> engine = engine(rules);
    String hash = Sha256.hex(TRUSTED);

    assertRefused(
        "BAD_REQUEST",
        "The query does not match its id: the id must be the SHA-256 (hex) of the query text.",
        engine.apply(apq(hash, FREE)));
    assertEquals(0, rules.apq().size());
  }

  @Test
  void apq_invalidDocument_isAnsweredButNotRegistered() {
    DocumentRules rules = new DocumentRules(Mode.off, Manifest.EMPTY, true, 10);
    String invalid = "{ missing }";

    PreparsedDocumentEntry entry = prepare(rules, apq(Sha256.hex(invalid), invalid));

    assertInstanceOf(ValidationError.class, entry.getErrors().get(0));
    assertEquals(0, rules.apq().size());
  }

  @Test
  void apq_registry_staysWithinItsSize() {
    DocumentRules rules = new DocumentRules(Mode.off, Manifest.EMPTY, true, 5);
    Function<ExecutionInput, PreparsedDocumentEntry> engine = engine(rules);

    for (int i = 0; i < 50; i++) {
      String query = "query Q" + i + " { hello }";
      assertRuns(engine.apply(apq(Sha256.hex(query), query)));
    }

    assertTrue(rules.apq().size() <= 5, "registered: " + rules.apq().size());
  }

  @Test
  void apq_largeText_runsButIsNotRegistered() {
    DocumentRules rules = new DocumentRules(Mode.off, Manifest.EMPTY, true, 5);
    String large = "{ hello }" + " ".repeat(ApqRegistry.LARGEST_REGISTERED);

    assertRuns(prepare(rules, apq(Sha256.hex(large), large)));
    assertEquals(0, rules.apq().size());
  }

  // --- allow ------------------------------------------------------------------------------------

  @Test
  void allow_manifestDocumentById_runsForBothIdForms() throws Exception {
    DocumentRules rules = rules(Mode.allow);

    assertRuns(prepare(rules, apq(Sha256.hex(TRUSTED), null)));
    assertRuns(prepare(rules, documentId(Sha256.hex(TRUSTED))));
    assertRuns(prepare(rules, documentId("sha256:" + Sha256.hex(TRUSTED))));
  }

  @Test
  void allow_freeText_runs() throws Exception {
    assertRuns(prepare(rules(Mode.allow), text(FREE)));
  }

  @Test
  void allow_unknownDocumentId_isNotFound() throws Exception {
    assertRefused(
        "PERSISTED_QUERY_NOT_FOUND",
        "No trusted document has this documentId.",
        prepare(rules(Mode.allow), documentId(Sha256.hex(FREE))));
  }

  // --- require ----------------------------------------------------------------------------------

  @Test
  void require_manifestDocument_runsByIdOrAsItsText() throws Exception {
    DocumentRules rules = rules(Mode.require);

    assertRuns(prepare(rules, documentId(Sha256.hex(TRUSTED))));
    assertRuns(prepare(rules, apq(Sha256.hex(TRUSTED), null)));
    assertRuns(prepare(rules, text(TRUSTED)));
    assertRuns(prepare(rules, apq(Sha256.hex(TRUSTED), TRUSTED)));
  }

  @Test
  void require_freeText_isRefusedBeforeItIsParsed() throws Exception {
    DocumentRules rules = rules(Mode.require);

    assertRefused("PERSISTED_QUERY_NOT_IN_LIST", prepare(rules, text(FREE)));
    assertRefused("PERSISTED_QUERY_NOT_IN_LIST", prepare(rules, text("{ not graphql")));
    assertEquals(0, parsed.get());
  }

  @Test
  void require_unknownIds_areNotFound_andTheirTextIsNotInTheList() throws Exception {
    DocumentRules rules = rules(Mode.require);

    assertRefused("PERSISTED_QUERY_NOT_FOUND", prepare(rules, apq(Sha256.hex(FREE), null)));
    assertRefused("PERSISTED_QUERY_NOT_FOUND", prepare(rules, documentId(Sha256.hex(FREE))));
    assertRefused("PERSISTED_QUERY_NOT_IN_LIST", prepare(rules, apq(Sha256.hex(FREE), FREE)));
    assertEquals(0, parsed.get());
  }

  @Test
  void require_knownIdWithAnotherText_isBadRequest() throws Exception {
    assertRefused("BAD_REQUEST", prepare(rules(Mode.require), apq(Sha256.hex(TRUSTED), FREE)));
  }

  // --- ids on the wire --------------------------------------------------------------------------

  @Test
  void ids_documentIdAndHashThatDisagree_areBadRequest() throws Exception {
    ExecutionInput both =
        DocumentIds.describe(
                ExecutionInput.newExecutionInput(),
                null,
                Sha256.hex(TRUSTED),
                Map.of("persistedQuery", Map.of("sha256Hash", Sha256.hex(FREE))))
            .build();

    assertRefused(
        "BAD_REQUEST",
        "'documentId' and 'extensions.persistedQuery.sha256Hash' name different documents.",
        prepare(rules(Mode.allow), both));
  }

  @Test
  void ids_persistedQueryWithoutAStringHash_isBadRequest() throws Exception {
    ExecutionInput input =
        DocumentIds.describe(
                ExecutionInput.newExecutionInput(),
                null,
                null,
                Map.of("persistedQuery", Map.of("sha256Hash", 42)))
            .build();

    assertRefused("BAD_REQUEST", prepare(rules(Mode.allow), input));
  }
}
