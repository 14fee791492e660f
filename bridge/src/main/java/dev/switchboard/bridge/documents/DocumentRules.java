package dev.switchboard.bridge.documents;

import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.config.DocumentsConfig;
import dev.switchboard.bridge.config.DocumentsConfig.Mode;
import dev.switchboard.subjects.ErrorCode;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.persisted.PersistedQueryCache;
import graphql.execution.preparsed.persisted.PersistedQueryCacheMiss;
import graphql.execution.preparsed.persisted.PersistedQueryIdInvalid;
import graphql.execution.preparsed.persisted.PersistedQueryNotFound;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * Which documents may run ({@code documents.mode}) and where an id's document comes from: the
 * manifests (modes {@code allow} and {@code require}) or the APQ registry ({@code documents.apq},
 * mode {@code off}). graphql-java's persisted query support asks it for the document of an id;
 * {@code miss} checks that a text hashes to the id, then parses and validates it (through the
 * bridge's document cache).
 */
public final class DocumentRules implements PersistedQueryCache {
  private final Mode mode;
  private final Manifest manifest;
  private final boolean registers;
  private final ApqRegistry apq;

  DocumentRules(Mode mode, Manifest manifest, boolean registers, int apqCacheSize) {
    this.mode = mode;
    this.manifest = mode == Mode.off ? Manifest.EMPTY : manifest;
    this.registers = registers;
    this.apq = new ApqRegistry(registers ? apqCacheSize : 1);
  }

  /** Any document runs; ids are not understood. */
  public static DocumentRules off() {
    return new DocumentRules(Mode.off, Manifest.EMPTY, false, 1);
  }

  /** Reads and checks the manifests; a bad one stops start-up (and {@code check}). */
  public static DocumentRules load(DocumentsConfig config) throws ConfigException {
    Manifest manifest = Manifest.load(config.manifests());
    if (config.mode() == Mode.off && manifest.size() > 0) {
      LoggerFactory.getLogger(DocumentRules.class)
          .warn("documents.manifests are not used while documents.mode is off");
    } else if (config.mode() != Mode.off) {
      LoggerFactory.getLogger(DocumentRules.class)
          .info(
              "trusted documents: mode {}, {} document(s) from {} manifest(s)",
              config.mode(),
              manifest.size(),
              config.manifests().size());
    }
    return new DocumentRules(config.mode(), manifest, config.apq(), config.apqCacheSize());
  }

  /** In mode {@code require}, free text runs only when it hashes to a manifest entry. */
  void admitText(String text) {
    if (mode == Mode.require && manifest.document(Sha256.hex(text)) == null) {
      throw notInList();
    }
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getPersistedQueryDocumentAsync(
      Object persistedQueryId, ExecutionInput input, PersistedQueryCacheMiss miss) {
    RequestedId requested = (RequestedId) persistedQueryId;
    String text = DocumentIds.text(input);
    String known = known(requested.id());
    if (known != null) {
      // a text sent along must hash to the id too (miss checks it): the id never hides a document
      return CompletableFuture.completedFuture(miss.apply(text != null ? text : known));
    }
    if (text == null) {
      throw new PersistedQueryNotFound(requested);
    }
    if (mode == Mode.require) {
      if (!Sha256.hex(text).equals(requested.id())) {
        throw new PersistedQueryIdInvalid(requested);
      }
      throw notInList();
    }
    PreparsedDocumentEntry entry = miss.apply(text);
    if (registers && !entry.hasErrors()) {
      apq.register(requested.id(), text);
    }
    return CompletableFuture.completedFuture(entry);
  }

  private String known(String id) {
    String document = manifest.document(id);
    return document != null || !registers ? document : apq.document(id);
  }

  private static DocumentRefused notInList() {
    return new DocumentRefused(
        ErrorCode.PERSISTED_QUERY_NOT_IN_LIST,
        "Only trusted documents run here: send the id of a document in the bridge's manifest"
            + " (documentId, or extensions.persistedQuery.sha256Hash).");
  }

  /** For tests: the APQ registry. */
  ApqRegistry apq() {
    return apq;
  }
}
