package io.lifeboat.fencing;

import java.util.List;
import java.util.Map;

/** TEMPORARY stub until the fencing branch is merged. */
@jakarta.enterprise.context.ApplicationScoped
public class FenceAgentCatalogue {
    public record ParamProblem(String param, String message) {
    }

    public static boolean isSecret(String name) {
        String n = name.toLowerCase();
        return n.contains("passw") || n.equals("community");
    }

    public List<ParamProblem> validate(String agent, Map<String, String> params) {
        return List.of();
    }
}
