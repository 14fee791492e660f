package dev.switchboard.bridge.limits;

/**
 * What one operation of a document asks for, measured once when the document is cached, with its
 * fragments expanded. Introspection ({@code __schema}, {@code __type}) counts as one field each:
 * what is selected inside it is bounded by graphql-java's good-faith introspection check, and costs
 * no NATS call.
 *
 * @param depth deepest field nesting ({@code { a { b } }} is 2 deep)
 * @param aliases aliased fields
 * @param rootFields fields at the root of the operation
 * @param fields every field, as often as it is selected
 * @param natsCalls the NATS calls it may make: each NATS-backed field costs the product of the
 *     sizes of the list fields above it
 * @param introspection whether it selects {@code __schema} or {@code __type}
 */
public record OperationMeasure(
    long depth,
    long aliases,
    long rootFields,
    long fields,
    long natsCalls,
    boolean introspection) {}
