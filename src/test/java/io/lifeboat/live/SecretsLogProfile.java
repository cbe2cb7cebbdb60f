package io.lifeboat.live;

import java.util.Map;
import java.util.UUID;

/**
 * The live profile with the whole log of the run in a file of its own: every category at DEBUG (the lowest level the
 * build keeps), io.lifeboat included, the console left at INFO. The file is new for each start, and never rotated.
 */
public class SecretsLogProfile extends LiveIpmiProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
        config.put("quarkus.log.level", "DEBUG");
        config.put("quarkus.log.category.\"io.lifeboat\".level", "DEBUG");
        config.put("quarkus.log.console.level", "INFO");
        // REST Assured's HTTP client runs in this JVM and logs what the test sends: the test's log, not Lifeboat's.
        config.put("quarkus.log.category.\"org.apache.http\".level", "INFO");
        config.put("quarkus.log.file.enabled", "true");
        config.put("quarkus.log.file.level", "ALL");
        config.put("quarkus.log.file.path", "target/secrets-never-leak/run-" + UUID.randomUUID() + ".log");
        config.put("quarkus.log.file.rotation.max-file-size", "2G");
        return config;
    }
}
