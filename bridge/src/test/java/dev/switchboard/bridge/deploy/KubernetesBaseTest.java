package dev.switchboard.bridge.deploy;

import static dev.switchboard.bridge.deploy.DeployFiles.BASE;
import static dev.switchboard.bridge.deploy.DeployFiles.CONTAINER;
import static dev.switchboard.bridge.deploy.DeployFiles.at;
import static dev.switchboard.bridge.deploy.DeployFiles.listAt;
import static dev.switchboard.bridge.deploy.DeployFiles.mapAt;
import static dev.switchboard.bridge.deploy.KubernetesBase.KUSTOMIZATION;
import static dev.switchboard.bridge.deploy.KubernetesBase.container;
import static dev.switchboard.bridge.deploy.KubernetesBase.containerPort;
import static dev.switchboard.bridge.deploy.KubernetesBase.only;
import static dev.switchboard.bridge.deploy.KubernetesBase.podTemplate;
import static dev.switchboard.bridge.deploy.KubernetesBase.selectsThePods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.deploy.ManagementEndpoints.State;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s/base: the pod's config, mounted from the ConfigMap and Secret the kustomization
 * generates, loads with the bridge's own loader, and every port, path and duration the manifests
 * name matches it and the image.
 */
class KubernetesBaseTest {
  private static final Dockerfile IMAGE =
      Dockerfile.read(CONTAINER.resolve("Dockerfile")).stage(-1);

  @TempDir static Path root;
  private static BridgeConfig config;

  /** The pod's files: the projected volume's ConfigMap and Secret items, the image's command. */
  @BeforeAll
  static void loadThePodsConfig() throws Exception {
    MountedFiles files = new MountedFiles(root);
    Map<String, Object> volumes = new HashMap<>();
    listAt(podTemplate(), "spec", "volumes").forEach(v -> volumes.put((String) at(v, "name"), v));
    for (Object mount : listAt(container(), "volumeMounts")) {
      String path = (String) at(mount, "mountPath");
      Object volume = volumes.get((String) at(mount, "name"));
      assertNotNull(volume, "no volume " + at(mount, "name"));
      for (Object source : listAt(volume, "projected", "sources")) {
        if (at(source, "configMap") != null) {
          Map<String, String> keys =
              KubernetesBase.generated(
                  "configMapGenerator", (String) at(source, "configMap", "name"));
          for (Map.Entry<String, String> key : keys.entrySet()) {
            files.copy(BASE.resolve(key.getValue()), path + "/" + key.getKey());
          }
        } else {
          Map<String, String> keys =
              KubernetesBase.generated("secretGenerator", (String) at(source, "secret", "name"));
          for (Object item : listAt(source, "secret", "items")) {
            assertTrue(
                keys.containsKey((String) at(item, "key")),
                "the Secret has no key " + at(item, "key"));
            files.secret(path + "/" + at(item, "path"));
          }
        }
      }
    }
    LauncherCommand command =
        LauncherCommand.parse(listAt(container(), "args").stream().map(Object::toString).toList());
    assertEquals("serve", command.command());
    config = files.config(command.config());
    MountedFiles.schema(config);
  }

  @Test
  void kustomization_listsExactlyTheFilesOfTheBase() throws Exception {
    Set<String> listed = new TreeSet<>();
    listAt(KUSTOMIZATION, "resources").forEach(file -> listed.add(file.toString()));
    listed.addAll(KubernetesBase.generated("configMapGenerator", "switchboard-config").values());
    Set<String> present;
    try (Stream<Path> walk = Files.walk(BASE)) {
      present =
          walk.filter(Files::isRegularFile)
              .map(file -> BASE.relativize(file).toString())
              .filter(file -> !file.startsWith("secrets/") && !file.equals("kustomization.yaml"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(present, listed);
  }

  @Test
  void secretGenerator_readsOnlyFilesTheUserMakes_thatGitNeverCommits() {
    List<String> rules =
        DeployFiles.read(BASE.resolve("secrets/.gitignore")).lines().map(String::strip).toList();
    assertTrue(rules.contains("*"), rules.toString());
    for (String file :
        KubernetesBase.generated("secretGenerator", "switchboard-secrets").values()) {
      assertTrue(file.startsWith("secrets/"), file);
      assertFalse(rules.contains("!" + file.substring("secrets/".length())), file);
    }
  }

  @Test
  void everyManifest_isANamedObjectOfTheExpectedKinds() {
    Set<String> kinds = new TreeSet<>();
    for (Map<String, Object> object : KubernetesBase.objects()) {
      assertNotNull(object.get("apiVersion"), object.toString());
      assertNotNull(at(object, "metadata", "name"), object.toString());
      kinds.add(object.get("kind") + " " + object.get("apiVersion"));
    }
    assertEquals(
        Set.of(
            "Deployment apps/v1",
            "Service v1",
            "PodDisruptionBudget policy/v1",
            "HorizontalPodAutoscaler autoscaling/v2",
            "NetworkPolicy networking.k8s.io/v1"),
        kinds);
  }

  @Test
  void containerPorts_areTheConfigsPorts_andTheImageExposesThem() {
    assertEquals(config.http().port(), containerPort("http"));
    assertEquals(config.management().port(), containerPort("management"));
    List<String> exposed = IMAGE.last("EXPOSE").words();
    assertTrue(exposed.contains(String.valueOf(config.http().port())));
    assertTrue(exposed.contains(String.valueOf(config.management().port())));
  }

  @Test
  void probes_askTheManagementPort_readinessFollowsNatsAndDraining_livenessDoesNot()
      throws Exception {
    try (ManagementEndpoints management = new ManagementEndpoints()) {
      String readiness = probePath("readinessProbe");
      assertEquals(200, management.status(readiness, State.SERVING));
      assertEquals(503, management.status(readiness, State.DRAINING));
      assertEquals(503, management.status(readiness, State.NATS_DOWN));
      for (String probe : List.of("livenessProbe", "startupProbe")) {
        // a NATS outage must not restart every bridge
        assertEquals(200, management.status(probePath(probe), State.NATS_DOWN), probe);
      }
    }
  }

  @Test
  void terminationGrace_coversThePreStopSleepAndTheWholeDrain() {
    List<Object> preStop = listAt(container(), "lifecycle", "preStop", "exec", "command");
    assertEquals("sleep", preStop.get(0));
    Duration budget =
        ShutdownBudget.of(config).plusSeconds(Long.parseLong(preStop.get(1).toString()));
    Duration grace =
        Duration.ofSeconds((Integer) at(podTemplate(), "spec", "terminationGracePeriodSeconds"));
    assertTrue(grace.compareTo(budget) > 0, grace + " <= " + budget);
  }

  @Test
  void pod_runsAsTheImagesUser_locked_down_withAnEmptyDirForEveryImageVolume() {
    Map<String, Object> pod = mapAt(podTemplate(), "spec", "securityContext");
    Map<String, Object> own = mapAt(container(), "securityContext");
    assertEquals(true, pod.get("runAsNonRoot"));
    assertEquals(
        IMAGE.last("USER").words().get(0).split(":")[0], String.valueOf(pod.get("runAsUser")));
    assertEquals("RuntimeDefault", at(pod, "seccompProfile", "type"));
    assertEquals(true, own.get("readOnlyRootFilesystem"));
    assertEquals(false, own.get("allowPrivilegeEscalation"));
    assertEquals(List.of("ALL"), listAt(own, "capabilities", "drop"));
    Set<String> emptyDirs = new HashSet<>();
    listAt(podTemplate(), "spec", "volumes").stream()
        .filter(volume -> at(volume, "emptyDir") != null)
        .forEach(volume -> emptyDirs.add((String) at(volume, "name")));
    for (String path : IMAGE.last("VOLUME").words()) {
      assertTrue(
          listAt(container(), "volumeMounts").stream()
              .anyMatch(m -> path.equals(at(m, "mountPath")) && emptyDirs.contains(at(m, "name"))),
          path + " is not an emptyDir");
    }
    for (String kind : List.of("requests", "limits")) {
      assertNotNull(at(container(), "resources", kind, "cpu"), kind);
      assertNotNull(at(container(), "resources", kind, "memory"), kind);
    }
  }

  @Test
  void service_selectsThePods_andExposesTheApiOnly() {
    Map<String, Object> service = only("Service");
    assertTrue(selectsThePods(at(service, "spec", "selector")));
    List<Object> ports = listAt(service, "spec", "ports");
    assertFalse(ports.isEmpty());
    for (Object port : ports) {
      assertEquals(config.http().port(), containerPort(at(port, "targetPort")), port.toString());
    }
  }

  @Test
  void disruptionBudgetAndAutoscaler_keepTwoBridges_andTargetThisDeployment() {
    Map<String, Object> deployment = only("Deployment");
    Map<String, Object> hpa = only("HorizontalPodAutoscaler");
    Map<String, Object> pdb = only("PodDisruptionBudget");
    assertTrue(selectsThePods(at(deployment, "spec", "selector", "matchLabels")));
    assertTrue(selectsThePods(at(pdb, "spec", "selector", "matchLabels")));
    assertEquals("Deployment", at(hpa, "spec", "scaleTargetRef", "kind"));
    assertEquals(at(deployment, "metadata", "name"), at(hpa, "spec", "scaleTargetRef", "name"));
    int min = (Integer) at(hpa, "spec", "minReplicas");
    assertTrue(min >= 2 && (Integer) at(deployment, "spec", "replicas") >= 2);
    assertTrue(
        (Integer) at(pdb, "spec", "maxUnavailable") < min, "a drain would take every bridge");
    assertEquals("cpu", at(listAt(hpa, "spec", "metrics").get(0), "resource", "name"));
  }

  @Test
  void networkPolicy_letsTheApiInFromAnywhere_andTheManagementPortFromMonitoringOnly() {
    Map<String, Object> policy = only("NetworkPolicy");
    assertTrue(selectsThePods(at(policy, "spec", "podSelector", "matchLabels")));
    for (Object rule : listAt(policy, "spec", "ingress")) {
      Set<Integer> ports = ports(rule);
      if (at(rule, "from") == null) {
        assertEquals(Set.of(config.http().port()), ports, "open to anyone");
      } else {
        assertEquals(Set.of(config.management().port()), ports);
        assertEquals(
            "monitoring",
            at(
                listAt(rule, "from").get(0),
                "namespaceSelector",
                "matchLabels",
                "kubernetes.io/metadata.name"));
      }
    }
  }

  @Test
  void networkPolicy_letsOutNats_dns_andTheIssuersKeys() {
    List<Object> egress = listAt(only("NetworkPolicy"), "spec", "egress");
    for (String url : config.nats().urls()) {
      URI nats = URI.create(url);
      String namespace = nats.getHost().split("\\.")[1];
      assertTrue(
          egress.stream()
              .anyMatch(
                  rule ->
                      ports(rule).contains(nats.getPort())
                          && namespace.equals(
                              at(
                                  listAt(rule, "to").get(0),
                                  "namespaceSelector",
                                  "matchLabels",
                                  "kubernetes.io/metadata.name"))),
          "no egress to " + url);
    }
    assertTrue(egress.stream().anyMatch(rule -> ports(rule).contains(53)), "no DNS");
    URI jwks = URI.create(config.auth().jwksUrl());
    int port = jwks.getPort() < 0 ? 443 : jwks.getPort();
    assertTrue(
        egress.stream().anyMatch(rule -> ports(rule).contains(port)), "no egress to " + jwks);
  }

  private static String probePath(String probe) {
    assertEquals(
        config.management().port(),
        containerPort(at(container(), probe, "httpGet", "port")),
        probe);
    return (String) at(container(), probe, "httpGet", "path");
  }

  private static Set<Integer> ports(Object rule) {
    Set<Integer> ports = new TreeSet<>();
    listAt(rule, "ports").forEach(port -> ports.add(containerPort(at(port, "port"))));
    return ports;
  }
}
