package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.bridge.config.Durations;
import dev.switchboard.bridge.contracts.FieldContract.Delivery;
import dev.switchboard.bridge.contracts.FieldContract.Kind;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.PublishBinding;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.schema.SubscribeBinding;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@link Contract} out of a loaded schema's bindings. */
public final class ContractBuilder {
  private final GraphQLSchema schema;
  private final JsonSchemas json;

  private ContractBuilder(LoadedSchema loaded) {
    this.schema = loaded.schema();
    this.json = new JsonSchemas(loaded.schema(), loaded.bindings().coordinates());
  }

  public static Contract of(LoadedSchema loaded) {
    return new ContractBuilder(loaded).build(loaded);
  }

  private Contract build(LoadedSchema loaded) {
    List<FieldContract> fields = new ArrayList<>();
    loaded.bindings().requests().forEach(binding -> fields.add(request(binding)));
    loaded.bindings().publishes().forEach(binding -> fields.add(publish(binding)));
    loaded.bindings().subscribes().forEach(binding -> fields.add(subscribe(binding)));
    return new Contract(fields, json.components());
  }

  private FieldContract request(RequestBinding binding) {
    GraphQLFieldDefinition field = field(binding.typeName(), binding.fieldName());
    String summary =
        "request/reply, timeout "
            + Durations.format(binding.policy().timeout())
            + ", retries "
            + binding.policy().retries();
    if (binding.batched()) {
      return new FieldContract(
          binding.coordinate(),
          Kind.REQUEST,
          List.of(binding.subject()),
          binding.connection(),
          Delivery.BATCHED,
          BatchSchemas.request(binding.batch().maxBatch()),
          BatchSchemas.reply(json.of(field.getType())),
          summary + ", batched by " + binding.batch().key().source(),
          field.getDescription());
    }
    return new FieldContract(
        binding.coordinate(),
        Kind.REQUEST,
        List.of(binding.subject()),
        binding.connection(),
        Delivery.CORE,
        json.arguments(field.getArguments()),
        json.of(field.getType()),
        summary,
        field.getDescription());
  }

  private FieldContract publish(PublishBinding binding) {
    GraphQLFieldDefinition field = field(binding.typeName(), binding.fieldName());
    ObjectNode body =
        binding.bodyArgument() != null
            ? json.input(field.getArgument(binding.bodyArgument()).getType())
            : json.arguments(field.getArguments());
    return new FieldContract(
        binding.coordinate(),
        Kind.PUBLISH,
        List.of(binding.subject()),
        binding.connection(),
        binding.stream() ? Delivery.JETSTREAM : Delivery.CORE,
        body,
        null,
        "publish, "
            + (binding.stream() ? "JetStream" : "core NATS")
            + (binding.streamName() != null ? " (stream " + binding.streamName() + ")" : "")
            + ", timeout "
            + Durations.format(binding.policy().timeout()),
        field.getDescription());
  }

  private FieldContract subscribe(SubscribeBinding binding) {
    GraphQLFieldDefinition field = field(binding.typeName(), binding.fieldName());
    return new FieldContract(
        binding.coordinate(),
        Kind.SUBSCRIBE,
        binding.subjects(),
        binding.connection(),
        binding.stream() ? Delivery.JETSTREAM : Delivery.CORE,
        json.of(field.getType()),
        null,
        "subscribe, "
            + (binding.stream()
                ? "JetStream, replayable"
                    + (binding.streamName() != null ? " from stream " + binding.streamName() : "")
                : "core NATS"),
        field.getDescription());
  }

  private GraphQLFieldDefinition field(String type, String name) {
    return schema.getObjectType(type).getFieldDefinition(name);
  }
}
