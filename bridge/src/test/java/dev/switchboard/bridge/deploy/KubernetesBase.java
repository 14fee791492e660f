package dev.switchboard.bridge.deploy;

import static dev.switchboard.bridge.deploy.DeployFiles.BASE;
import static dev.switchboard.bridge.deploy.DeployFiles.at;
import static dev.switchboard.bridge.deploy.DeployFiles.listAt;
import static dev.switchboard.bridge.deploy.DeployFiles.mapAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kustomize base as kustomize reads it: its resources, by kind, and its generators. */
final class KubernetesBase {
  static final Map<String, Object> KUSTOMIZATION =
      DeployFiles.yaml(BASE.resolve("kustomization.yaml"));

  private KubernetesBase() {}

  /** Every object of every resource file, in order. */
  static List<Map<String, Object>> objects() {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object file : listAt(KUSTOMIZATION, "resources")) {
      objects.addAll(DeployFiles.documents(BASE.resolve(file.toString())));
    }
    return objects;
  }

  /** The one object of a kind. */
  static Map<String, Object> only(String kind) {
    List<Map<String, Object>> found =
        objects().stream().filter(object -> kind.equals(object.get("kind"))).toList();
    assertEquals(1, found.size(), "objects of kind " + kind);
    return found.get(0);
  }

  static Map<String, Object> podTemplate() {
    return mapAt(only("Deployment"), "spec", "template");
  }

  static Map<String, Object> container() {
    List<Object> containers = listAt(podTemplate(), "spec", "containers");
    assertEquals(1, containers.size(), "one container");
    return DeployFiles.map(containers.get(0), "container");
  }

  /** The container port of a name (a probe's or Service's {@code port: management}). */
  static int containerPort(Object nameOrNumber) {
    if (nameOrNumber instanceof Integer number) {
      return number;
    }
    for (Object port : listAt(container(), "ports")) {
      if (nameOrNumber.equals(at(port, "name"))) {
        return (Integer) at(port, "containerPort");
      }
    }
    throw new AssertionError("the container has no port named " + nameOrNumber);
  }

  /** Whether a label selector's matchLabels all hold on the pods. */
  static boolean selectsThePods(Object matchLabels) {
    Map<String, Object> pods = mapAt(podTemplate(), "metadata", "labels");
    Map<String, Object> wanted = DeployFiles.map(matchLabels, "matchLabels");
    assertTrue(!wanted.isEmpty(), "an empty selector selects every pod");
    return pods.entrySet().containsAll(wanted.entrySet());
  }

  /**
   * A generator's files by key ({@code key=path}, or the file name as key), of the generator
   * (configMapGenerator, secretGenerator) with that name.
   */
  static Map<String, String> generated(String generator, String name) {
    for (Object entry : listAt(KUSTOMIZATION, generator)) {
      if (name.equals(at(entry, "name"))) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Object file : listAt(entry, "files")) {
          String text = file.toString();
          int equals = text.indexOf('=');
          String path = equals < 0 ? text : text.substring(equals + 1);
          files.put(
              equals < 0 ? path.substring(path.lastIndexOf('/') + 1) : text.substring(0, equals),
              path);
        }
        return files;
      }
    }
    throw new AssertionError("no " + generator + " named " + name);
  }
}
