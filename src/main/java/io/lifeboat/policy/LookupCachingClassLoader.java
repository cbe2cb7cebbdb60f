package io.lifeboat.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what the DRL compiler looked up on the application's class path. The Java compiler inside Drools probes
 * thousands of names (every import package against every simple name), most of them absent. In Quarkus's packaged
 * fast-jar, after startup, each probe reopens the jars: measured 4.4-5.3 s to reload the shipped policy against
 * 0.5 s once the lookups are remembered. The class path does not change while Lifeboat runs, so the answers keep.
 */
final class LookupCachingClassLoader extends ClassLoader {
    private final Map<String, Optional<byte[]>> classFiles = new ConcurrentHashMap<>();
    private final Map<String, Optional<URL>> resources = new ConcurrentHashMap<>();
    private final Map<String, Boolean> missingClasses = new ConcurrentHashMap<>();

    LookupCachingClassLoader(ClassLoader application) {
        super(application);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (missingClasses.containsKey(name)) {
            throw new ClassNotFoundException(name);
        }
        try {
            return super.loadClass(name, resolve);
        } catch (ClassNotFoundException e) {
            missingClasses.put(name, Boolean.TRUE);
            throw e;
        }
    }

    @Override
    public URL getResource(String name) {
        return resources.computeIfAbsent(name, n -> Optional.ofNullable(getParent().getResource(n))).orElse(null);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (!name.endsWith(".class")) {
            return getParent().getResourceAsStream(name);
        }
        return classFiles.computeIfAbsent(name, this::read).map(ByteArrayInputStream::new).orElse(null);
    }

    private Optional<byte[]> read(String name) {
        try (InputStream in = getParent().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
