package io.lifeboat.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.lifeboat.config.LifeboatConfig;
import io.lifeboat.metrics.LifeboatMetrics;
import io.lifeboat.policy.CompiledPolicy;
import io.lifeboat.policy.PolicyCompilationException;
import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicyProblem;
import io.lifeboat.policy.PolicySources;
import io.lifeboat.policy.RuleSource;
import io.lifeboat.policy.SessionSwap;
import io.lifeboat.policy.ValidationReport;
import io.lifeboat.store.JournalStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Owns the live rule base: compiles the shipped policy plus the operator's rules directory, checks candidates off to
 * the side, and swaps in a new rule base only when it compiled cleanly. A failed reload changes nothing and is
 * reported in the status, the journal and the log.
 */
@ApplicationScoped
public class PolicyManager {
    private static final Logger LOG = Logger.getLogger(PolicyManager.class);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}\\.drl");
    private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    LifeboatConfig config;
    @Inject
    Clock clock;
    @Inject
    JournalStore journal;
    @Inject
    LifeboatMetrics metrics;

    private PolicyCompiler compiler;
    private final List<Function<CompiledPolicy, SessionSwap>> swapListeners = new CopyOnWriteArrayList<>();
    private volatile CompiledPolicy current;
    private volatile Instant loadedAt;
    private volatile long version;
    private volatile ReloadReport lastReload;

    /** How the newest reload went. */
    public record ReloadReport(Instant at, String trigger, boolean applied, long version, ValidationReport report) {
    }

    @PostConstruct
    void createCompiler() {
        compiler = new PolicyCompiler(config.policy().allowSafetyOverrides().orElse(Set.of()));
    }

    /** Compiles before the demo (10) and the live service (20) need it. */
    void compileAtStart(@Observes @Priority(5) StartupEvent event) {
        if (!config.service().enabled()) {
            return;
        }
        try {
            install(compiler.compile(sources()));
        } catch (PolicyCompilationException | UncheckedIOException e) {
            // Broken operator rules must not keep Lifeboat from guarding the cluster: run the shipped policy.
            PolicyCompilationException failure = e instanceof PolicyCompilationException p ? p
                    : new PolicyCompilationException(List.of(new PolicyProblem(PolicyProblem.Severity.ERROR, "", 0,
                            null, e.getMessage())));
            LOG.errorf("the operator's rules do not compile, running the shipped policy only: %s", failure.problems());
            install(compiler.compile(PolicySources.shipped()));
            lastReload = new ReloadReport(clock.instant(), "startup", false, version, ValidationReport.of(failure));
        }
    }

    public CompiledPolicy current() {
        return current;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public long version() {
        return version;
    }

    public Optional<ReloadReport> lastReload() {
        return Optional.ofNullable(lastReload);
    }

    /**
     * Called with every new rule base before it becomes current (the live loop swaps its session); a swap that fails
     * or is not taken in time refuses the rule base, and is cancelled.
     */
    public void onSwap(Function<CompiledPolicy, SessionSwap> listener) {
        swapListeners.add(listener);
    }

    /** A session that ended (its replica stood down) takes no more rule bases. */
    public void removeSwap(Function<CompiledPolicy, SessionSwap> listener) {
        swapListeners.remove(listener);
    }

    /** The shipped policy plus the operator's files as they are on disk now. */
    public List<RuleSource> sources() {
        return PolicySources.all(config.policy().rulesDir());
    }

    /** Compiles the current sources with {@code candidates} added (or replacing operator files of the same path). */
    public ValidationReport validate(List<RuleSource> candidates) {
        try {
            return ValidationReport.of(compiler.compile(withCandidates(candidates)));
        } catch (PolicyCompilationException e) {
            return ValidationReport.of(e);
        } catch (UncheckedIOException e) {
            return ValidationReport.of(new PolicyCompilationException(List.of(new PolicyProblem(
                    PolicyProblem.Severity.ERROR, "", 0, null, e.getMessage()))));
        }
    }

    /** Recompiles from disk; only a clean compile replaces the live rule base. {@code actor} asked for it. */
    public synchronized ReloadReport reload(String trigger, String actor) {
        ReloadReport report;
        try {
            long start = System.nanoTime();
            CompiledPolicy fresh = compiler.compile(sources());
            long compiled = System.nanoTime();
            install(fresh);
            report = new ReloadReport(clock.instant(), trigger, true, version, ValidationReport.of(fresh));
            LOG.infof("policy reloaded (%s): version %d, %d rules; compiled in %d ms, live session took them in %d ms",
                    trigger, version, fresh.ruleCount(), (compiled - start) / 1_000_000,
                    (System.nanoTime() - compiled) / 1_000_000);
        } catch (PolicyCompilationException e) {
            report = new ReloadReport(clock.instant(), trigger, false, version, ValidationReport.of(e));
            LOG.errorf("policy reload (%s) refused, the live policy is unchanged: %s", trigger, e.problems());
        } catch (UncheckedIOException | SessionSwap.SwapRefusedException e) {
            report = new ReloadReport(clock.instant(), trigger, false, version, ValidationReport.of(
                    new PolicyCompilationException(List.of(new PolicyProblem(PolicyProblem.Severity.ERROR, "", 0,
                            null, e.getMessage())))));
            LOG.errorf(e, "policy reload (%s) refused, the live policy is unchanged", trigger);
        }
        lastReload = report;
        metrics.policyReloaded(report.applied());
        journal.recordPolicyReload(report.applied(), trigger, actor, summary(report));
        return report;
    }

    /**
     * Writes an operator rule file and reloads, but only if the rule set with that file compiles: a file that does
     * not is never written.
     */
    public synchronized ReloadReport upload(String fileName, String drl, String actor) {
        Path dir = rulesDir();
        RuleSource candidate = new RuleSource("operator/" + checkedName(fileName), drl);
        ValidationReport check = validate(List.of(candidate));
        if (!check.valid()) {
            ReloadReport refused = new ReloadReport(clock.instant(), "upload " + fileName, false, version, check);
            lastReload = refused;
            journal.recordPolicyReload(false, "upload " + fileName, actor, summary(refused));
            return refused;
        }
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".upload-", ".tmp");
            Files.writeString(temp, drl);
            Files.move(temp, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " in " + dir, e);
        }
        return reload("upload " + fileName, actor);
    }

    /** Removes an operator rule file and reloads; false if there was no such file. */
    public synchronized Optional<ReloadReport> delete(String fileName, String actor) {
        Path file = rulesDir().resolve(checkedName(fileName));
        try {
            if (!Files.deleteIfExists(file)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
        return Optional.of(reload("delete " + fileName, actor));
    }

    public Path rulesDir() {
        return config.policy().rulesDir().orElseThrow(() -> new IllegalStateException(
                "no operator rules directory is configured (lifeboat.policy.rules-dir)"));
    }

    /** A plain file name ending in .drl, so an upload can never leave the rules directory. */
    public static String checkedName(String fileName) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("a rule file name is letters, digits, '.', '_' or '-' and ends in .drl");
        }
        return fileName;
    }

    private List<RuleSource> withCandidates(List<RuleSource> candidates) {
        List<RuleSource> all = new ArrayList<>();
        for (RuleSource source : sources()) {
            if (candidates.stream().noneMatch(c -> c.path().equals(source.path()))) {
                all.add(source);
            }
        }
        all.addAll(candidates);
        return all;
    }

    /**
     * Makes a rule base current once every live session (one per cluster) took it over; otherwise nothing changes:
     * the sessions that took it are given the current rules back.
     */
    private void install(CompiledPolicy policy) {
        List<Function<CompiledPolicy, SessionSwap>> listeners = List.copyOf(swapListeners);
        List<SessionSwap> swaps = listeners.stream().map(listener -> listener.apply(policy)).toList();
        List<Function<CompiledPolicy, SessionSwap>> took = new ArrayList<>();
        SessionSwap.SwapRefusedException refused = null;
        for (int i = 0; i < swaps.size(); i++) {
            try {
                swaps.get(i).await(SWAP_TIMEOUT);
                took.add(listeners.get(i));
            } catch (SessionSwap.SwapRefusedException e) {
                refused = refused == null ? e : refused;
            }
        }
        if (refused != null) {
            for (Function<CompiledPolicy, SessionSwap> listener : took) {
                try {
                    listener.apply(current).await(SWAP_TIMEOUT);
                } catch (SessionSwap.SwapRefusedException e) {
                    LOG.errorf("a live session that took the refused rules could not take the current ones back: %s",
                            e.getMessage());
                }
            }
            throw refused;
        }
        current = policy;
        loadedAt = clock.instant();
        version++;
        policy.warnings().forEach(w -> LOG.warn("policy: " + w));
        config.policy().allowSafetyOverrides().orElse(Set.of()).stream().filter(policy.overridden()::contains)
                .forEach(id -> LOG.warnf("policy: the shipped safety rule %s is replaced by an operator rule, as "
                        + "lifeboat.policy.allow-safety-overrides allows", id));
    }

    private static String summary(ReloadReport report) {
        ValidationReport r = report.report();
        return report.applied()
                ? "version " + report.version() + ": " + r.rules() + " rules, " + r.warnings().size() + " warnings"
                + (r.overrides().isEmpty() ? "" : ", overrides " + r.overrides())
                : "refused: " + r.errors();
    }
}
