package dev.attention.kernel;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.KernelSpec;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the scalar kernel's loops compiled while a one-shot process is still starting (decision 63).
 * A fresh JVM runs the first blocks of a big call interpreted and then in profiling code until C2
 * has compiled the tile loops: measured at about 400 ms of a 4096² call that takes 480 ms once
 * compiled. A daemon thread runs small forward passes and products on its own made-up operands
 * (nothing it computes is kept or shared, so no result depends on it or on when it ran) while the
 * main thread reads the config, wires the engine and loads the inputs.
 */
@API(status = INTERNAL)
public final class ScalarWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(ScalarWarmUp.class);
    /** Forward passes and products of this size: enough calls for C2's thresholds, each a few ms once compiled. */
    static final int ROUNDS = 24;
    static final int ROWS = 96;
    static final int WIDTH = 64;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ScalarWarmUp() {
    }

    /** Starts the warm-up once per process; later calls do nothing. */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(ScalarWarmUp::run, "attention-kernel-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** The warm-up's work: {@link #ROUNDS} forward passes (float32, d 64) and products, on one thread. */
    static void run() {
        long t0 = System.nanoTime();
        EngineKernel kernel = new EngineKernel(new KernelExecutor(1), false);
        Tensor a = operand(ROWS, WIDTH, 1);
        Tensor b = operand(ROWS, WIDTH, 2);
        Tensor c = operand(ROWS, WIDTH, 3);
        KernelSpec spec = KernelSpec.defaults();
        for (int r = 0; r < ROUNDS; r++) {
            kernel.attend(a, b, c, spec);
            kernel.matmul(a, false, b, true);
        }
        LOG.debug("scalar kernel warm-up: {} rounds in {} ms", ROUNDS, (System.nanoTime() - t0) / 1_000_000);
    }

    /** A fixed operand with entries in [−1, 1) (a cheap hash of the index: no Random to load). */
    private static Tensor operand(int rows, int cols, int salt) {
        Tensor.Builder x = Tensor.builder(DType.FLOAT32, rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            x.set(i, ((i * 2654435761L + salt * 40503L) & 0xffff) / 32768.0 - 1);
        }
        return x.build();
    }
}
