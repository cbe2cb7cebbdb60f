package io.lifeboat.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.lifeboat.config.LifeboatConfig;
import io.lifeboat.store.JournalStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Reloads the policy when a {@code .drl} file of the operator's rules directory changes. Changes that come together
 * (an editor's save, a copy of several files) are taken as one reload after {@code lifeboat.policy.reload-quiet-period}.
 */
@ApplicationScoped
public class RulesDirectoryWatcher {
    private static final Logger LOG = Logger.getLogger(RulesDirectoryWatcher.class);

    @Inject
    LifeboatConfig config;
    @Inject
    PolicyManager policies;

    private volatile WatchService watcher;

    void start(@Observes StartupEvent event) throws IOException {
        if (!config.service().enabled() || config.policy().rulesDir().isEmpty() || !config.policy().watch()) {
            return;
        }
        Path dir = config.policy().rulesDir().get();
        Files.createDirectories(dir);
        watcher = FileSystems.getDefault().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        Thread thread = new Thread(this::watch, "lifeboat-rules-watcher");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("watching %s for rule changes", dir);
    }

    private void watch() {
        long quiet = config.policy().reloadQuietPeriod().toMillis();
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean drlChanged = drainDrl(key);
                // Let a burst of changes settle, then reload once.
                WatchKey more;
                while ((more = watcher.poll(quiet, TimeUnit.MILLISECONDS)) != null) {
                    drlChanged |= drainDrl(more);
                }
                if (drlChanged) {
                    policies.reload("rules directory changed", JournalStore.LIFEBOAT);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the rules directory watcher stopped", e);
        }
    }

    private static boolean drainDrl(WatchKey key) {
        boolean drl = key.pollEvents().stream().anyMatch(e -> String.valueOf(e.context()).endsWith(".drl"));
        key.reset();
        return drl;
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }
}
