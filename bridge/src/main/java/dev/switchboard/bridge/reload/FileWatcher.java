package dev.switchboard.bridge.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reload.watch}: reloads when a watched file changes and then stays unchanged for {@code
 * reload.debounce}. It watches the files' directories, so files replaced by a rename (editors) or
 * by Kubernetes' symlink swap of a mounted ConfigMap ({@code ..data}) count too. One daemon thread;
 * the directories are watched anew after each reload, as the schema may name other files.
 */
public final class FileWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);
  private final Reloader reloader;
  private final Duration debounce;
  private final WatchService watcher;
  private final Map<WatchKey, Path> directories = new HashMap<>();
  private final Set<Path> files = new HashSet<>();
  private final Thread thread;

  private FileWatcher(Reloader reloader, Duration debounce) throws IOException {
    this.reloader = reloader;
    this.debounce = debounce;
    this.watcher = FileSystems.getDefault().newWatchService();
    watch(reloader.watchedFiles());
    this.thread = new Thread(this::run, "switchboard-reload-watch");
    thread.setDaemon(true);
  }

  public static FileWatcher start(Reloader reloader, Duration debounce) throws IOException {
    FileWatcher watching = new FileWatcher(reloader, debounce);
    watching.thread.start();
    log.info("reload.watch: watching {}", watching.files);
    return watching;
  }

  private void watch(List<Path> watched) throws IOException {
    directories.keySet().forEach(WatchKey::cancel);
    directories.clear();
    files.clear();
    for (Path file : watched) {
      Path absolute = file.toAbsolutePath().normalize();
      files.add(absolute);
      Path directory = absolute.getParent();
      if (!directories.containsValue(directory)) {
        directories.put(
            directory.register(
                watcher,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE),
            directory);
      }
    }
  }

  private void run() {
    try {
      while (true) {
        WatchKey first = watcher.take();
        if (!concernsWatchedFile(first)) {
          continue;
        }
        // wait until the files are quiet: several writes make one reload
        WatchKey more;
        while ((more = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          concernsWatchedFile(more);
        }
        reloader.reload("changed file");
        watch(reloader.watchedFiles());
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      // closed with the bridge
    } catch (IOException cannotWatch) {
      log.error("reload.watch stopped: {}", cannotWatch.toString());
    }
  }

  /** Drains the key's events; true when one names a watched file or a Kubernetes volume swap. */
  private boolean concernsWatchedFile(WatchKey key) {
    Path directory = directories.get(key);
    boolean concerns = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (directory != null && event.context() instanceof Path name) {
        concerns |= files.contains(directory.resolve(name)) || name.toString().startsWith("..");
      }
    }
    key.reset();
    return concerns;
  }

  @Override
  public void close() throws IOException {
    thread.interrupt();
    watcher.close();
  }
}
