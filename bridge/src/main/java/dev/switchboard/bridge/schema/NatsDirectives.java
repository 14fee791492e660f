package dev.switchboard.bridge.schema;

import dev.switchboard.bridge.chain.CallContext.CallPolicy;
import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.config.NatsConfig;
import dev.switchboard.subjects.Placeholder;
import dev.switchboard.subjects.SubjectTemplate;
import dev.switchboard.subjects.TemplateException;
import graphql.language.Directive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The schema directives Switchboard understands: their SDL definitions and how their arguments
 * read.
 */
public final class NatsDirectives {
  public static final String REQUEST = "natsRequest";
  public static final String PUBLISH = "natsPublish";
  public static final String SUBSCRIBE = "natsSubscribe";

  /** Every directive that only matters to the bridge; hidden from the client-facing schema. */
  public static final Set<String> ALL = Set.of(REQUEST, PUBLISH, SUBSCRIBE);

  /** Access directives; clients see them (they document who may read what). */
  public static final Set<String> ACCESS =
      Set.of(GuardDirectives.AUTHENTICATED, GuardDirectives.REQUIRES_SCOPES);

  static final int MAX_RETRIES = 10;

  /** Added to the user's SDL unless it declares the directives itself. */
  static final String DEFINITIONS =
      """
      "Resolves the field with a NATS request: the arguments are the JSON body, the JSON reply is the value."
      directive @natsRequest(
        "Subject template, e.g. \\"orders.get.{{ args.id }}\\"; each placeholder renders one token."
        subject: String!
        "Deadline of the whole call, retries included, e.g. \\"500ms\\" or \\"2s\\"."
        timeout: String
        "Extra attempts when nobody answers (queries only)."
        retries: Int
        "The named NATS connection (nats.connections) to send on; default: the nats: block's."
        connection: String
        "Batches parents: each renders this key, e.g. \\"{{ parent.customerId }}\\"; one request per level sends {\\"keys\\": [...]} and gets an array back."
        batchKey: String
        "Most keys in one batched request; more make more requests (1..1000)."
        maxBatch: Int = 100
      ) on FIELD_DEFINITION
      "Publishes the mutation's arguments (or one of them) to a subject; with stream, to JetStream."
      directive @natsPublish(
        "Subject template; each placeholder renders one token."
        subject: String!
        "JetStream: succeed only once the stream has stored the message."
        stream: Boolean = false
        "Deadline of the whole publish, retries included."
        timeout: String
        "Extra attempts, only when the publish has an idempotency key (stream publishes de-duplicate it)."
        retries: Int
        "The argument to send as the body; default: all arguments as one object."
        body: String
        "The argument holding the idempotency key (Nats-Msg-Id is derived from it, the caller and the field path); the Idempotency-Key header also works."
        idempotencyKey: String
        "The stream that stores the subject (implies stream: true); lets permissions name it."
        streamName: String
        "The named NATS connection (nats.connections) to publish on; default: the nats: block's."
        connection: String
      ) on FIELD_DEFINITION
      "Streams NATS messages on these subjects; with stream, replayable from JetStream."
      directive @natsSubscribe(
        "Subject templates; static * and > allowed, placeholders render one token."
        subjects: [String!]!
        "JetStream: replay from the fromSequence or since argument, then continue live."
        stream: Boolean = false
        "Conditions such as: status == args.status. An argument left out switches its condition off."
        filter: [String!]
        "The stream to replay from (implies stream: true): no lookup by subject, and permissions can name it."
        streamName: String
        "The named NATS connection (nats.connections) to subscribe on; default: the nats: block's."
        connection: String
      ) on FIELD_DEFINITION
      """;

  /**
   * The result of a publish, added to the schema when a @natsPublish field needs it and it is not
   * declared.
   */
  static final String PUBLISH_RESULT =
      """
      "What a publish did: ok once NATS (or, for streams, the stream) has the message."
      type PublishResult {
        ok: Boolean!
        "The stream that stored the message (stream publishes)."
        stream: String
        "The message's sequence in the stream, as a string (it can exceed Int)."
        sequence: String
        "True when the stream already had a message with this idempotency key; nothing new was stored."
        duplicate: Boolean
      }
      """;

  private NatsDirectives() {}

  /** Reads and validates a {@code @natsRequest}; the message of a failure is the reason only. */
  static RequestBinding requestBinding(
      String typeName,
      String fieldName,
      Directive directive,
      RequestsConfig defaults,
      String location)
      throws InvalidDirective {
    SubjectTemplate subject = subject(directive);
    return new RequestBinding(
        typeName,
        fieldName,
        subject,
        policy(directive, defaults),
        location,
        connection(directive),
        batch(directive, subject));
  }

  /** The {@code batchKey} and {@code maxBatch} of a request, or null when it is not batched. */
  private static RequestBinding.Batch batch(Directive directive, SubjectTemplate subject)
      throws InvalidDirective {
    String key = DirectiveArguments.string(directive, "batchKey");
    Integer maxBatch = DirectiveArguments.integer(directive, "maxBatch");
    if (key == null) {
      if (maxBatch != null) {
        throw new InvalidDirective("@natsRequest maxBatch needs a batchKey");
      }
      return null;
    }
    int max = maxBatch == null ? RequestBinding.Batch.DEFAULT_MAX : maxBatch;
    if (max < 1 || max > RequestBinding.Batch.LARGEST_MAX) {
      throw new InvalidDirective(
          "@natsRequest maxBatch must be between 1 and "
              + RequestBinding.Batch.LARGEST_MAX
              + ", not "
              + max);
    }
    SubjectTemplate template;
    try {
      template = SubjectTemplate.parse(key, SubjectTemplate.Kind.PUBLISH);
    } catch (TemplateException bad) {
      throw new InvalidDirective("@natsRequest batchKey " + bad.getMessage());
    }
    if (template.placeholders().isEmpty()) {
      throw new InvalidDirective(
          "@natsRequest batchKey '"
              + key
              + "' has no placeholder, so every parent has the same key");
    }
    for (Placeholder placeholder : subject.placeholders()) {
      if (placeholder.source() == Placeholder.Source.PARENT) {
        throw new InvalidDirective(
            "@natsRequest with batchKey sends one request for many parents, so its subject cannot"
                + " use the per-parent placeholder "
                + placeholder
                + "; put it in batchKey");
      }
    }
    return new RequestBinding.Batch(template, max);
  }

  /** Reads and validates a {@code @natsPublish}. */
  static PublishBinding publishBinding(
      String typeName,
      String fieldName,
      Directive directive,
      RequestsConfig defaults,
      Set<String> arguments,
      String location)
      throws InvalidDirective {
    SubjectTemplate subject = subject(directive);
    CallPolicy policy = policy(directive, defaults);
    String body = DirectiveArguments.string(directive, "body");
    String idempotencyKey = DirectiveArguments.string(directive, "idempotencyKey");
    for (String named : new String[] {body, idempotencyKey}) {
      if (named != null && !arguments.contains(named)) {
        throw new InvalidDirective(
            "@natsPublish names the argument '" + named + "', which the field does not have");
      }
    }
    String streamName = streamName(directive);
    return new PublishBinding(
        typeName,
        fieldName,
        subject,
        streamName != null || DirectiveArguments.bool(directive, "stream"),
        policy,
        body,
        idempotencyKey,
        location,
        streamName,
        connection(directive));
  }

  /** The one concrete subject a request or publish sends to (no wildcards). */
  private static SubjectTemplate subject(Directive directive) throws InvalidDirective {
    String text = DirectiveArguments.string(directive, "subject");
    if (text == null) {
      throw new InvalidDirective("@" + directive.getName() + " needs a subject");
    }
    try {
      return SubjectTemplate.parse(text, SubjectTemplate.Kind.PUBLISH);
    } catch (TemplateException bad) {
      throw new InvalidDirective("@" + directive.getName() + " " + bad.getMessage());
    }
  }

  /** The call's deadline and retries: the directive's, else the configured defaults. */
  private static CallPolicy policy(Directive directive, RequestsConfig defaults)
      throws InvalidDirective {
    Duration timeout = DirectiveArguments.duration(directive, defaults.timeout());
    Integer retries = DirectiveArguments.integer(directive, "retries");
    if (retries != null && (retries < 0 || retries > MAX_RETRIES)) {
      throw new InvalidDirective(
          "@" + directive.getName() + " retries must be between 0 and " + MAX_RETRIES);
    }
    return new CallPolicy(timeout, retries != null ? retries : defaults.retries());
  }

  /** Reads and validates a {@code @natsSubscribe}. */
  static SubscribeBinding subscribeBinding(
      String typeName,
      String fieldName,
      Directive directive,
      Set<String> arguments,
      String location)
      throws InvalidDirective {
    List<String> subjectTexts = DirectiveArguments.strings(directive, "subjects");
    if (subjectTexts.isEmpty()) {
      throw new InvalidDirective("@natsSubscribe needs at least one subject");
    }
    List<SubjectTemplate> subjects = new ArrayList<>();
    for (String text : subjectTexts) {
      try {
        subjects.add(SubjectTemplate.parse(text, SubjectTemplate.Kind.SUBSCRIBE));
      } catch (TemplateException bad) {
        throw new InvalidDirective("@natsSubscribe " + bad.getMessage());
      }
    }
    List<EventFilter> filters = new ArrayList<>();
    for (String text : DirectiveArguments.strings(directive, "filter")) {
      try {
        EventFilter filter = EventFilter.parse(text);
        if (!arguments.contains(filter.argument())) {
          throw new InvalidDirective(
              "@natsSubscribe filter '" + text + "' names no argument of the field");
        }
        filters.add(filter);
      } catch (IllegalArgumentException bad) {
        throw new InvalidDirective("@natsSubscribe " + bad.getMessage());
      }
    }
    String streamName = streamName(directive);
    boolean stream = streamName != null || DirectiveArguments.bool(directive, "stream");
    if (stream && subjects.size() != 1) {
      // one ordered consumer per client: its sequence numbers are those of one subject's stream
      throw new InvalidDirective(
          "@natsSubscribe(stream: true) takes exactly one subject, not " + subjects.size());
    }
    if (!stream
        && (arguments.contains(SubscribeBinding.FROM_SEQUENCE)
            || arguments.contains(SubscribeBinding.SINCE))) {
      throw new InvalidDirective(
          "the replay arguments "
              + SubscribeBinding.FROM_SEQUENCE
              + " and "
              + SubscribeBinding.SINCE
              + " need @natsSubscribe(stream: true)");
    }
    return new SubscribeBinding(
        typeName,
        fieldName,
        subjects,
        stream,
        filters,
        location,
        streamName,
        connection(directive));
  }

  /** The named connection, or {@code default}; whether it exists is checked against the config. */
  private static String connection(Directive directive) throws InvalidDirective {
    String name = DirectiveArguments.string(directive, "connection");
    if (name == null) {
      return NatsConfig.DEFAULT;
    }
    if (name.isBlank()) {
      throw new InvalidDirective("@" + directive.getName() + " connection must not be empty");
    }
    return name;
  }

  /** A stream name as nats-server accepts it: no dots, wildcards or whitespace. */
  private static String streamName(Directive directive) throws InvalidDirective {
    String name = DirectiveArguments.string(directive, "streamName");
    if (name != null && !STREAM_NAME.matcher(name).matches()) {
      throw new InvalidDirective(
          "@"
              + directive.getName()
              + " streamName '"
              + name
              + "' is not a stream name (no dots, wildcards, slashes or spaces)");
    }
    return name;
  }

  private static final Pattern STREAM_NAME = Pattern.compile("[^.*>/\\\\\\s]{1,255}");

  /** A directive whose arguments make no sense; the message is the reason. */
  static final class InvalidDirective extends Exception {
    InvalidDirective(String reason) {
      super(reason);
    }
  }
}
