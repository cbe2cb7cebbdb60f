package io.lifeboat.api;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.lifeboat.config.ConfigurationException;
import io.lifeboat.service.ClusterConfiguration.Applied;
import io.lifeboat.service.ClusterConfiguration;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.ScenarioException;
import io.lifeboat.simulate.ScenarioReader;

/**
 * The per-resource endpoints of one kind of element of the cluster document (hosts, VMs, failover domains): each
 * change is the whole document with that element changed, applied through the one path every change takes. Errors
 * about the element point into its own body.
 */
final class DocumentElements<T> {
    private final String collection;
    private final String kind;
    private final Class<T> type;
    private final Function<ClusterDocument, List<T>> elements;
    private final Function<T, String> name;
    private final BiFunction<ClusterDocument, T, ClusterDocument> with;
    private final BiFunction<ClusterDocument, String, ClusterDocument> without;

    DocumentElements(String collection, String kind, Class<T> type, Function<ClusterDocument, List<T>> elements,
                     Function<T, String> name, BiFunction<ClusterDocument, T, ClusterDocument> with,
                     BiFunction<ClusterDocument, String, ClusterDocument> without) {
        this.collection = collection;
        this.kind = kind;
        this.type = type;
        this.elements = elements;
        this.name = name;
        this.with = with;
        this.without = without;
    }

    List<T> list(ClusterConfiguration configuration, String cluster) {
        return configuration.export(cluster).map(v -> elements.apply(v.document())).orElse(List.of());
    }

    T get(ClusterConfiguration configuration, String cluster, String wanted) {
        return list(configuration, cluster).stream().filter(e -> name.apply(e).equals(wanted)).findFirst()
                .orElseThrow(() -> unknown(wanted));
    }

    /** Adds an element; 409 when one of that name exists. */
    Applied create(ClusterConfiguration configuration, String cluster, String body, Long ifMatch, String user) {
        T element = parse(body);
        String wanted = name.apply(element);
        if (wanted != null && list(configuration, cluster).stream().anyMatch(e -> name.apply(e).equals(wanted))) {
            throw new ConfigurationException(409, "ALREADY_EXISTS", "a " + kind + " named " + wanted + " exists: PUT "
                    + "/api/v1/" + collection + "/" + wanted + " replaces it", "/name");
        }
        return change(configuration, cluster, d -> with.apply(d, element), wanted, ifMatch, user);
    }

    /** Replaces the element of that name, or adds it. */
    Applied replace(ClusterConfiguration configuration, String cluster, String wanted, String body, Long ifMatch, String user) {
        T element = parse(body);
        if (!wanted.equals(name.apply(element))) {
            throw new ConfigurationException(400, "INVALID_CLUSTER", "the name in the body must be the name in the path ("
                    + wanted + ")", "/name");
        }
        return change(configuration, cluster, d -> with.apply(d, element), wanted, ifMatch, user);
    }

    Applied remove(ClusterConfiguration configuration, String cluster, String wanted, Long ifMatch, String user) {
        get(configuration, cluster, wanted);
        return change(configuration, cluster, d -> without.apply(d, wanted), null, ifMatch, user);
    }

    private Applied change(ClusterConfiguration configuration, String cluster, Function<ClusterDocument, ClusterDocument> edit,
                           String element, Long ifMatch, String user) {
        int[] index = {-1};
        try {
            return configuration.edit(cluster, d -> {
                ClusterDocument changed = edit.apply(d);
                index[0] = element == null ? -1 : elements.apply(changed).stream().map(name).toList().indexOf(element);
                return changed;
            }, ifMatch, user);
        } catch (ConfigurationException e) {
            String own = "/" + collection + "/" + index[0];
            if (index[0] < 0 || e.field() == null || !(e.field().equals(own) || e.field().startsWith(own + "/"))) {
                throw e;
            }
            throw new ConfigurationException(e.status(), e.code(), e.getMessage(), e.field().substring(own.length()));
        }
    }

    private T parse(String body) {
        T element;
        try {
            element = ScenarioReader.parse(body == null ? "" : body, ScenarioReader.Format.JSON, type, "the body is empty");
        } catch (ScenarioException e) {
            throw new ConfigurationException(400, "INVALID_CLUSTER", e.getMessage(), e.pointer());
        }
        if (name.apply(element) == null || name.apply(element).isBlank()) {
            throw new ConfigurationException(400, "INVALID_CLUSTER", "is required", "/name");
        }
        return element;
    }

    private ConfigurationException unknown(String wanted) {
        return new ConfigurationException(404, "UNKNOWN_" + kind.toUpperCase().replace(' ', '_'),
                "no " + kind + " named " + wanted, null);
    }
}
