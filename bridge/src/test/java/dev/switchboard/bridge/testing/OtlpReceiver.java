package dev.switchboard.bridge.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver (protobuf on {@code /v1/traces}) on a free loopback port: decodes what
 * exporters send and keeps every span, so tests can look at whole traces.
 */
public final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<Received> spans = new CopyOnWriteArrayList<>();

  /** One received span, its ids in hex and its attributes as strings. */
  public record Received(
      String service,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Span.SpanKind kind,
      Map<String, String> attributes,
      boolean failed,
      List<String> linkedSpanIds) {
    public String attribute(String key) {
      return attributes.get(key);
    }
  }

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  public static OtlpReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      OtlpReceiver receiver = new OtlpReceiver(server);
      server.createContext("/v1/traces", receiver::receive);
      server.start();
      return receiver;
    } catch (IOException cannotListen) {
      throw new UncheckedIOException(cannotListen);
    }
  }

  /** The base endpoint, e.g. for {@code telemetry.endpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> spans() {
    return List.copyOf(spans);
  }

  /** Waits until {@code count} received spans match. */
  public List<Received> await(Predicate<Received> which, int count) {
    Probes.awaitTrue(
        () -> spans.stream().filter(which).count() >= count,
        () -> "expected " + count + " matching spans, received: " + spans);
    return spans.stream().filter(which).toList();
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      InputStream body = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(body);
      }
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
      for (ResourceSpans resource : request.getResourceSpansList()) {
        String service = attributes(resource.getResource().getAttributesList()).get("service.name");
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          scope.getSpansList().forEach(span -> spans.add(received(service, span)));
        }
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  private static Received received(String service, Span span) {
    return new Received(
        service,
        hex(span.getTraceId().toByteArray()),
        hex(span.getSpanId().toByteArray()),
        hex(span.getParentSpanId().toByteArray()),
        span.getName(),
        span.getKind(),
        attributes(span.getAttributesList()),
        span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
        span.getLinksList().stream().map(link -> hex(link.getSpanId().toByteArray())).toList());
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue value : values) {
      out.put(value.getKey(), text(value.getValue()));
    }
    return out;
  }

  private static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> Long.toString(value.getIntValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      default -> value.toString();
    };
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
