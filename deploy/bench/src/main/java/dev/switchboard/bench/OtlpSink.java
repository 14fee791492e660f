package dev.switchboard.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The traced benchmark target's collector: accepts OTLP/HTTP exports on {@code /v1/traces}, reads
 * and discards them, answers 200 with an empty {@code ExportTraceServiceResponse}. Prints {@code
 * listening on <port>} when ready and, on exit, how many exports and bytes it took (so a run shows
 * that spans were exported).
 */
public final class OtlpSink {
  private static final String USAGE = "OtlpSink --port 4318";

  private OtlpSink() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(CommandLine.required(args, "--port", USAGE));
    AtomicLong exports = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext(
        "/v1/traces",
        exchange -> {
          exports.incrementAndGet();
          bytes.addAndGet(drain(exchange));
        });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    System.out.println("listening on " + port);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> System.out.println("received " + exports + " exports, " + bytes + " bytes"),
                "sink-stop"));
  }

  private static long drain(HttpExchange exchange) throws IOException {
    long read = 0;
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      byte[] buffer = new byte[16 * 1024];
      for (int n; (n = body.read(buffer)) > 0; ) {
        read += n;
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      // an empty ExportTraceServiceResponse is zero bytes: no body at all
      exchange.sendResponseHeaders(200, -1);
    }
    return read;
  }
}
