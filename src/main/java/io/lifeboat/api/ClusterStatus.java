package io.lifeboat.api;

import java.util.Comparator;
import java.util.List;

import io.lifeboat.facts.Advice;
import io.lifeboat.policy.ClusterPicture;
import io.lifeboat.policy.PolicyLoop;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.reload.PolicyManager;
import io.lifeboat.service.Leadership;
import io.lifeboat.service.LifeboatService;
import io.lifeboat.store.JournalEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** The cluster as the live policy sees it, for GET /api/v1/status and the dashboard's event stream. */
@ApplicationScoped
public class ClusterStatus {
    static final int MAX_ACTIONS = 500;

    @Inject
    LifeboatService service;
    @Inject
    PolicyManager policies;
    @Inject
    Leadership leadership;

    /** The cluster's status ({@code cluster} null: the deployment has none yet). */
    @Transactional
    public StatusView now(String cluster, int actions) {
        List<StatusView.ActionView> recent = JournalEntry.newest(cluster, Math.max(1, Math.min(actions, MAX_ACTIONS)))
                .stream().map(StatusResource::toView).toList();
        var loop = service.loop(cluster);
        String unsettled = loop.flatMap(PolicyLoop::runaway).map(RuntimeException::getMessage).orElse(null);
        StatusView.PolicyView policy = new StatusView.PolicyView(policies.version(), policies.current().ruleCount(),
                policies.loadedAt(), policies.lastReload().orElse(null), unsettled);
        if (loop.isEmpty()) {
            return new StatusView(cluster, false, leadership.view(cluster), policy, List.of(), List.of(), List.of(), List.of(),
                    recent);
        }
        StatusView live;
        try {
            live = loop.get().read(ClusterStatus::snapshot);
        } catch (IllegalStateException e) {
            if (service.loop(cluster).filter(l -> l == loop.get()).isPresent()) {
                throw e;
            }
            // The loop ended while it was read (this replica stood down): nothing is managed here now.
            return new StatusView(cluster, false, leadership.view(cluster), policy, List.of(), List.of(), List.of(),
                    List.of(), recent);
        }
        return new StatusView(cluster, true, leadership.view(cluster), policy, live.hosts(), live.vms(),
                live.violations(), live.advice(), recent);
    }

    /** Runs on the policy loop's thread: the one picture of the cluster (picture.drl), copied out. */
    private static StatusView snapshot(PolicySession session) {
        ClusterPicture picture = ClusterPicture.of(session);
        List<StatusView.HostView> hosts = picture.hosts().stream().map(h -> new StatusView.HostView(h.name(),
                h.state().name(), h.reason(), h.memoryMiB(), h.memoryUsedMiB(), h.cpus(), h.vcpusUsed(), h.capacity()))
                .toList();
        List<StatusView.VmView> vms = picture.vms().stream().map(StatusResource::toView).toList();
        List<StatusView.AdviceView> advice = session.facts(Advice.class).stream()
                .sorted(Comparator.comparing(Advice::getCode).thenComparing(Advice::getSubject))
                .map(a -> new StatusView.AdviceView(a.getCode(), a.getSubject(), a.getRuleId(), a.getMessage())).toList();
        return new StatusView(null, true, null, null, hosts, vms, ViolationsResource.views(session), advice, List.of());
    }
}
