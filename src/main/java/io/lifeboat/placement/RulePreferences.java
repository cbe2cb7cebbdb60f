package io.lifeboat.placement;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Ineligible;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.Weight;

/**
 * The preferences the rules derived: a host is allowed unless an eligibility rule excluded it ({@link Ineligible}),
 * ranked by the VM's ordered failover domain, scored by the sum of the {@link Weight}s operators' rules inserted: those
 * for the VM and host, plus those of the host for every VM.
 */
public final class RulePreferences implements Preferences {
    private final Map<String, FailoverDomain> domainOfVm = new HashMap<>();
    private final Set<String> excluded = new HashSet<>();
    private final Map<String, Double> weights = new HashMap<>();
    private final Map<String, Double> hostWeights = new HashMap<>();

    public RulePreferences(Collection<Vm> vms, Collection<FailoverDomain> domains, Collection<Ineligible> ineligible,
                           Collection<Weight> weightFacts) {
        Map<String, FailoverDomain> domainsByName = new HashMap<>();
        domains.forEach(d -> domainsByName.put(d.name(), d));
        for (Vm vm : vms) {
            FailoverDomain domain = vm.getFailoverDomain() == null ? null : domainsByName.get(vm.getFailoverDomain());
            if (domain != null) {
                domainOfVm.put(vm.getName(), domain);
            }
        }
        ineligible.forEach(i -> excluded.add(key(i.vm(), i.host())));
        for (Weight w : weightFacts) {
            if (w.vm() == null) {
                hostWeights.merge(w.host(), w.score(), Double::sum);
            } else {
                weights.merge(key(w.vm(), w.host()), w.score(), Double::sum);
            }
        }
    }

    private static String key(String vm, String host) {
        return vm + '\0' + host;
    }

    @Override
    public boolean allows(String vm, String host) {
        return !excluded.contains(key(vm, host));
    }

    @Override
    public int rank(String vm, String host) {
        FailoverDomain domain = domainOfVm.get(vm);
        return domain == null ? 0 : domain.rank(host);
    }

    @Override
    public double score(String vm, String host) {
        return weights.getOrDefault(key(vm, host), 0.0) + hostWeights.getOrDefault(host, 0.0);
    }
}
