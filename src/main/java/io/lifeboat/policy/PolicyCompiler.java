package io.lifeboat.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

import io.lifeboat.facts.Host;

/**
 * Compiles DRL off to the side. A rule set with any error yields a {@link PolicyCompilationException} and no rule
 * base, so a broken file can never reach a live session. An operator rule whose {@code @id} equals a shipped rule's
 * replaces that shipped rule, except a safety rule ({@code @safety(true)}: fence before restart, the fencing
 * suspension, why a VM is blocked), which only the ids given as allowed overrides may replace. Rules without
 * {@code @id} or {@code @description}, and ids used twice, are warnings.
 */
public class PolicyCompiler {
    private static final String RESOURCES = "src/main/resources/io/lifeboat/";
    /** Drools names files by their path under the resources root, or the whole path: both lose this prefix. */
    private static final Pattern INTERNAL_PREFIX = Pattern.compile("^(src/main/resources/)?io/lifeboat/");
    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");
    private static final AtomicLong BUILDS = new AtomicLong();
    private final KieServices kie = KieServices.Factory.get();
    // The application's class loader, not Drools' own (under Quarkus the fact classes live there), with its
    // lookups remembered so that recompiling is fast in the packaged jar; kept for every compile of this compiler.
    private final ClassLoader loader = new LookupCachingClassLoader(Host.class.getClassLoader());
    private final Set<String> allowedSafetyOverrides;

    /** A compiler that refuses any override of a safety rule. */
    public PolicyCompiler() {
        this(Set.of());
    }

    /** @param allowedSafetyOverrides ids of shipped safety rules an operator rule may replace (an explicit setting) */
    public PolicyCompiler(Set<String> allowedSafetyOverrides) {
        this.allowedSafetyOverrides = Set.copyOf(allowedSafetyOverrides);
    }

    public CompiledPolicy compile(List<RuleSource> sources) {
        ReleaseId releaseId = kie.newReleaseId("io.lifeboat", "policy", "1." + BUILDS.incrementAndGet());
        KieFileSystem files = kie.newKieFileSystem().generateAndWritePomXML(releaseId);
        Map<String, RuleSource> byPath = new HashMap<>();
        for (RuleSource source : sources) {
            // Under the package's folder, so Drools does not warn that folder and package differ.
            files.write(RESOURCES + source.path(), source.drl());
            byPath.put(source.path(), source);
        }
        KieBuilder builder = kie.newKieBuilder(files, loader).buildAll();
        List<PolicyProblem> errors = new ArrayList<>();
        List<PolicyProblem> warnings = new ArrayList<>();
        for (Message message : builder.getResults().getMessages()) {
            PolicyProblem problem = toProblem(message, byPath);
            (problem.severity() == PolicyProblem.Severity.ERROR ? errors : warnings).add(problem);
        }
        if (!errors.isEmpty()) {
            kie.getRepository().removeKieModule(releaseId);
            throw new PolicyCompilationException(errors);
        }
        KieContainer container = kie.newKieContainer(releaseId, loader);
        KieBaseConfiguration configuration = kie.newKieBaseConfiguration();
        configuration.setOption(EventProcessingOption.STREAM);
        KieBase base = container.newKieBase(configuration);
        // The module is copied into the rule base; keeping it in the repository would leak one per reload.
        kie.getRepository().removeKieModule(releaseId);
        List<PolicyProblem> refused = refusedSafetyOverrides(base);
        if (!refused.isEmpty()) {
            throw new PolicyCompilationException(refused);
        }
        List<String> overridden = removeOverriddenShippedRules(base);
        List<RuleInfo> rules = describe(base, warnings);
        return new CompiledPolicy(base, List.copyOf(warnings), rules, List.copyOf(overridden));
    }

    /** An error for each operator rule that would replace a shipped safety rule without being allowed to. */
    private List<PolicyProblem> refusedSafetyOverrides(KieBase base) {
        Map<String, Rule> operatorById = operatorRulesById(base);
        List<PolicyProblem> refused = new ArrayList<>();
        for (Rule rule : rules(base)) {
            String id = RuleMetadata.id(rule);
            Rule operator = operatorById.get(id);
            if (operator != null && !fileOf(rule).startsWith("operator/") && isSafetyRule(rule)
                    && !allowedSafetyOverrides.contains(id)) {
                refused.add(new PolicyProblem(PolicyProblem.Severity.ERROR, fileOf(operator), 0, operator.getName(),
                        "@id \"" + id + "\" is a shipped safety rule (" + fileOf(rule) + "): it keeps VMs from running "
                                + "twice and is not replaced silently; to replace it anyway, list it in "
                                + "lifeboat.policy.allow-safety-overrides"));
            }
        }
        return refused;
    }

    private static boolean isSafetyRule(Rule rule) {
        return Boolean.parseBoolean(String.valueOf(rule.getMetaData().get("safety")));
    }

    private static Map<String, Rule> operatorRulesById(KieBase base) {
        Map<String, Rule> operatorById = new HashMap<>();
        for (Rule rule : rules(base)) {
            if (fileOf(rule).startsWith("operator/") && rule.getMetaData().get("id") != null) {
                operatorById.put(RuleMetadata.id(rule), rule);
            }
        }
        return operatorById;
    }

    /** Drops every shipped rule that an operator rule with the same {@code @id} replaces. */
    private static List<String> removeOverriddenShippedRules(KieBase base) {
        Map<String, Rule> operatorById = operatorRulesById(base);
        List<String> overridden = new ArrayList<>();
        for (Rule rule : rules(base)) {
            String id = RuleMetadata.id(rule);
            if (!fileOf(rule).startsWith("operator/") && operatorById.containsKey(id)) {
                base.removeRule(rule.getPackageName(), rule.getName());
                overridden.add(id);
            }
        }
        return overridden;
    }

    private static List<RuleInfo> describe(KieBase base, List<PolicyProblem> warnings) {
        Map<String, RuleInfo> byId = new LinkedHashMap<>();
        List<RuleInfo> infos = new ArrayList<>();
        for (Rule rule : rules(base)) {
            Map<String, String> metadata = RuleMetadata.all(rule);
            RuleInfo info = new RuleInfo(RuleMetadata.id(rule), rule.getName(), RuleMetadata.description(rule),
                    fileOf(rule), metadata);
            if (!metadata.containsKey("id") || !metadata.containsKey("description")) {
                warnings.add(new PolicyProblem(PolicyProblem.Severity.WARNING, info.file(), 0, rule.getName(),
                        "every rule needs @id(\"area.name\") and @description(\"...\") metadata"));
            }
            RuleInfo twin = byId.putIfAbsent(info.id(), info);
            if (twin != null) {
                warnings.add(new PolicyProblem(PolicyProblem.Severity.WARNING, info.file(), 0, rule.getName(),
                        "@id \"" + info.id() + "\" is also used by rule \"" + twin.name() + "\" in " + twin.file()));
            }
            infos.add(info);
        }
        infos.sort((a, b) -> a.file().equals(b.file()) ? a.id().compareTo(b.id()) : a.file().compareTo(b.file()));
        return infos;
    }

    private static List<Rule> rules(KieBase base) {
        List<Rule> rules = new ArrayList<>();
        for (KiePackage pkg : base.getKiePackages()) {
            rules.addAll(pkg.getRules());
        }
        return rules;
    }

    private static String fileOf(Rule rule) {
        if (rule instanceof RuleImpl impl && impl.getResource() != null && impl.getResource().getSourcePath() != null) {
            return INTERNAL_PREFIX.matcher(impl.getResource().getSourcePath()).replaceFirst("");
        }
        return "";
    }

    private static PolicyProblem toProblem(Message message, Map<String, RuleSource> byPath) {
        PolicyProblem.Severity severity = message.getLevel() == Message.Level.ERROR
                ? PolicyProblem.Severity.ERROR : PolicyProblem.Severity.WARNING;
        String path = message.getPath() == null ? "" : INTERNAL_PREFIX.matcher(message.getPath()).replaceFirst("");
        int line = Math.max(message.getLine(), 0);
        return new PolicyProblem(severity, path, line, ruleAt(byPath.get(path), line), message.getText());
    }

    /** The name of the rule a line falls in: the nearest {@code rule "..."} header at or above it. */
    static String ruleAt(RuleSource source, int line) {
        if (source == null || line <= 0) {
            return null;
        }
        String[] lines = source.drl().split("\n", -1);
        for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
            Matcher header = RULE_HEADER.matcher(lines[i]);
            if (header.find()) {
                return header.group(1);
            }
            if (lines[i].strip().equals("end") && i < line - 1) {
                return null;
            }
        }
        return null;
    }
}
