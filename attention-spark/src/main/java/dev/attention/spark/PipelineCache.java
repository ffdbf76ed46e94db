package dev.attention.spark;

import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an executor JVM builds once and reuses for every partition and row: the engine (plugin
 * discovery, kernel threads) and, per scoring plan, the assembled pipeline with its broadcast keys
 * and values as tensors. Keyed by a hash of the plan, so tasks of one job (and later jobs with the
 * same config and data) share one pipeline. Pipelines are immutable and thread-safe, so tasks
 * running side by side in the JVM may use the same one.
 */
final class PipelineCache {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineCache.class);
    /** A few plans at once is the realistic case; bounded so a long-lived executor does not grow. */
    private static final int MAX_PLANS = 16;
    private static final Map<String, Object> PLANS = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > MAX_PLANS;
        }
    };
    private static volatile AttentionEngine engine;

    private PipelineCache() {
    }

    /** The JVM's engine, created on first use. */
    static AttentionEngine engine() {
        AttentionEngine e = engine;
        if (e == null) {
            synchronized (PipelineCache.class) {
                e = engine;
                if (e == null) {
                    e = Attention.engine();
                    engine = e;
                }
            }
        }
        return e;
    }

    /** The value prepared for {@code key}, built by {@code build} the first time in this JVM. */
    @SuppressWarnings("unchecked")
    static <T> T get(String key, Supplier<T> build) {
        synchronized (PLANS) {
            Object v = PLANS.get(key);
            if (v == null) {
                // Built under the lock: concurrent tasks of one plan wait for one build instead of
                // each assembling the same pipeline.
                long t0 = System.nanoTime();
                v = build.get();
                PLANS.put(key, v);
                LOG.info("prepared plan {} in {} ms", key.substring(0, 12), (System.nanoTime() - t0) / 1_000_000);
            }
            return (T) v;
        }
    }
}
