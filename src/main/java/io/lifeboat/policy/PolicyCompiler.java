package io.lifeboat.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.runtime.KieContainer;

import io.lifeboat.facts.Host;

/**
 * Compiles DRL off to the side. A rule set with any error yields a {@link PolicyCompilationException} and no rule
 * base, so a broken file can never reach a live session.
 */
public class PolicyCompiler {
    private static final String RESOURCES = "src/main/resources/io/lifeboat/";
    private static final AtomicLong BUILDS = new AtomicLong();
    private final KieServices kie = KieServices.Factory.get();

    public CompiledPolicy compile(List<RuleSource> sources) {
        // The application's class loader, not Drools' own: under Quarkus the fact classes live there.
        ClassLoader loader = Host.class.getClassLoader();
        ReleaseId releaseId = kie.newReleaseId("io.lifeboat", "policy", "1." + BUILDS.incrementAndGet());
        KieFileSystem files = kie.newKieFileSystem().generateAndWritePomXML(releaseId);
        for (RuleSource source : sources) {
            // Under the package's folder, so Drools does not warn that folder and package differ.
            files.write(RESOURCES + source.path(), source.drl());
        }
        KieBuilder builder = kie.newKieBuilder(files, loader).buildAll();
        List<PolicyProblem> errors = new ArrayList<>();
        List<PolicyProblem> warnings = new ArrayList<>();
        for (Message message : builder.getResults().getMessages()) {
            PolicyProblem problem = toProblem(message);
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
        int rules = base.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
        return new CompiledPolicy(base, List.copyOf(warnings), rules);
    }

    private static PolicyProblem toProblem(Message message) {
        PolicyProblem.Severity severity = message.getLevel() == Message.Level.ERROR
                ? PolicyProblem.Severity.ERROR : PolicyProblem.Severity.WARNING;
        String path = message.getPath() == null ? "" : message.getPath().replace(RESOURCES, "");
        return new PolicyProblem(severity, path, Math.max(message.getLine(), 0), message.getText());
    }
}
