package dev.switchboard.bridge.deploy;

import static dev.switchboard.bridge.deploy.DeployFiles.CONTAINER;
import static dev.switchboard.bridge.deploy.DeployFiles.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.switchboard.bridge.deploy.Dockerfile.Instruction;
import dev.switchboard.bridge.deploy.ManagementEndpoints.State;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/container/Dockerfile: what it copies, builds, runs and probes exists in the project. */
class ContainerImageTest {
  private static final Dockerfile DOCKERFILE = Dockerfile.read(CONTAINER.resolve("Dockerfile"));
  private static final Dockerfile BUILD = DOCKERFILE.stage(0);
  private static final Dockerfile IMAGE = DOCKERFILE.stage(-1);

  @Test
  void buildStage_copiesFilesThatExist_andThePomOfEveryModule() {
    List<String> sources = new ArrayList<>();
    for (Instruction copy : BUILD.all("COPY")) {
      List<String> words = copy.words();
      sources.addAll(words.subList(0, words.size() - 1));
    }
    sources.forEach(
        source ->
            assertTrue(Files.exists(ROOT.resolve(source)), source + " is not in the repository"));
    // the reactor reads every module's POM, even those -pl leaves out
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
    while (module.find()) {
      assertTrue(sources.contains(module.group(1) + "/pom.xml"), module.group(1) + "/pom.xml");
    }
  }

  @Test
  void buildStage_packagesTheBridge_andTheImageCopiesTheJarItMakes() {
    List<String> builds =
        BUILD.all("RUN").stream()
            .map(Instruction::arguments)
            .filter(run -> run.contains("mvn "))
            .toList();
    assertFalse(builds.isEmpty(), "no Maven build");
    builds.forEach(
        run -> assertTrue(run.contains("package") && run.contains("-pl bridge -am"), run));
    Matcher finalName =
        Pattern.compile("<finalName>([^<]+)</finalName>").matcher(read("bridge/pom.xml"));
    assertTrue(finalName.find(), "bridge/pom.xml names no finalName");
    String jar =
        BUILD.last("WORKDIR").words().get(0) + "/bridge/target/" + finalName.group(1) + ".jar";

    Instruction copy = IMAGE.all("COPY").get(0);
    assertEquals("build", copy.flag("from"));
    assertEquals(jar, copy.words().get(0));
    String installed = copy.words().get(1);
    List<String> entrypoint = IMAGE.last("ENTRYPOINT").words();
    assertEquals(installed, entrypoint.get(entrypoint.indexOf("-jar") + 1));
  }

  @Test
  void command_isAServeTheLauncherAccepts_readingTheConfigMountPoint() {
    LauncherCommand command = LauncherCommand.parse(IMAGE.last("CMD").words());
    assertEquals("serve", command.command());
    String mountPoint = Path.of(command.config()).getParent().toString();
    assertTrue(
        IMAGE.all("RUN").stream()
            .anyMatch(run -> run.arguments().contains("mkdir -p " + mountPoint)),
        "the image does not create " + mountPoint);
  }

  @Test
  void user_isNumeric_andNotRoot() {
    String[] user = IMAGE.last("USER").words().get(0).split(":");
    for (String id : user) {
      assertTrue(id.matches("\\d+"), "USER " + id + " is not numeric (runAsNonRoot needs a uid)");
      assertNotEquals(0, Integer.parseInt(id));
    }
  }

  @Test
  void everyPathTheJvmWrites_isUnderADeclaredVolume_soTheRootCanBeReadOnly() {
    List<String> volumes = IMAGE.last("VOLUME").words();
    List<String> jvm = IMAGE.last("ENTRYPOINT").words();
    List<String> writable =
        jvm.stream()
            .filter(
                flag ->
                    flag.startsWith("-Djava.io.tmpdir=")
                        || flag.startsWith("-Dvertx.cacheDirBase="))
            .map(flag -> flag.substring(flag.indexOf('=') + 1))
            .toList();
    assertEquals(2, writable.size(), "java.io.tmpdir and vertx.cacheDirBase must both be set");
    writable.forEach(
        path ->
            assertTrue(
                volumes.stream().anyMatch(volume -> Path.of(path).startsWith(volume)),
                path + " is not under a VOLUME " + volumes));
    assertTrue(jvm.stream().anyMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage=")));
    assertTrue(jvm.contains("-XX:+ExitOnOutOfMemoryError"));
  }

  @Test
  void healthCheck_asksAnExposedPort_forAPathThatStaysUpWhileNatsIsDown() throws Exception {
    String check = IMAGE.last("HEALTHCHECK").arguments();
    assertTrue(check.contains("\"$HEALTHCHECK_URL\""), check);
    URI url = URI.create(IMAGE.env("HEALTHCHECK_URL"));
    assertTrue(
        IMAGE.last("EXPOSE").words().contains(String.valueOf(url.getPort())), url.toString());
    try (ManagementEndpoints management = new ManagementEndpoints()) {
      // liveness: a NATS outage must not make the orchestrator restart the bridge
      assertEquals(200, management.status(url.getPath(), State.NATS_DOWN));
    }
  }

  @Test
  void stopSignal_isTheOneTheBridgeDrainsOn() {
    assertEquals("SIGTERM", IMAGE.last("STOPSIGNAL").arguments());
  }

  @Test
  void ignoreFile_keepsEveryCopiedSourceInTheContext() {
    List<PathMatcher> ignored = new ArrayList<>();
    for (String line : read("deploy/container/Dockerfile.dockerignore").split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + line.strip()));
      }
    }
    assertFalse(ignored.isEmpty());
    for (Instruction copy : BUILD.all("COPY")) {
      String source = copy.words().get(0);
      for (Path prefix = Path.of(source); prefix != null; prefix = prefix.getParent()) {
        Path candidate = prefix;
        assertFalse(
            ignored.stream().anyMatch(glob -> glob.matches(candidate)),
            source + " is excluded by Dockerfile.dockerignore");
      }
    }
  }

  @Test
  void identityKeyScript_writesAKeyThatSignsAndVerifies(@TempDir Path dir) throws Exception {
    assumeTrue(DeployFiles.program("openssl").isPresent(), "openssl is not installed");
    Path key = dir.resolve("identity-key.json");
    Process script =
        new ProcessBuilder(CONTAINER.resolve("make-identity-key.sh").toString(), key.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(script.waitFor(30, TimeUnit.SECONDS));
    String output = new String(script.getInputStream().readAllBytes());
    assertEquals(0, script.exitValue(), output);

    ECKey parsed = (ECKey) JWK.parse(Files.readString(key));
    assertEquals(Curve.P_256, parsed.getCurve());
    assertTrue(parsed.isPrivate());
    JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.ES256), new Payload("envelope"));
    jws.sign(new ECDSASigner(parsed));
    assertTrue(jws.verify(new ECDSAVerifier(parsed.toPublicJWK())), "x and y do not match d");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
  }

  private static String read(String file) {
    return DeployFiles.read(ROOT.resolve(file));
  }
}
