package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Binding;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Scopes;
import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.data.DataLoader;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.io.table.ResultWriter;
import dev.attention.kernel.KernelExecutor;
import dev.attention.kernel.KernelUse;
import dev.attention.stream.StreamFactory;
import dev.attention.train.fit.Fitter;
import dev.attention.train.search.SearchListener;
import dev.attention.train.search.Searcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine is one injector graph: each service exists once per engine, so every pipeline, run,
 * fit and search of an engine computes on its one kernel, and two engines share nothing.
 */
class EngineGraphTest {
    /** The services the facade and each other are made of; Guice makes each, none is made with new. */
    private static final List<Class<?>> SERVICES = List.of(PluginRegistry.class, ConfigLoader.class,
            DataLoader.class, ResultWriter.class, KernelExecutor.class, PipelineFactory.class, Fitter.class,
            Searcher.class, StreamFactory.class, InputReader.class, PathLog.class, JobLoader.class, JobRunner.class,
            JobTrainer.class, AttentionEngine.class);

    @TempDir
    Path dir;

    private static Injector injector() {
        return Guice.createInjector(new EngineModule(EngineOptions.defaults().withThreads(1)));
    }

    @Test
    void every_service_is_bound_once_as_a_singleton() {
        Injector injector = injector();
        for (Class<?> service : SERVICES) {
            Binding<?> b = injector.getExistingBinding(Key.get(service));
            assertTrue(b != null, service.getName() + " is bound explicitly");
            assertTrue(Scopes.isSingleton(b), service.getName() + " is a singleton, bound as " + b);
            assertSame(injector.getInstance(service), injector.getInstance(service), service.getName());
        }
        List<String> notSingletons = new ArrayList<>();
        injector.getBindings().forEach((key, binding) -> {
            if (key.getTypeLiteral().getRawType().getName().startsWith("dev.attention.")
                    && !Scopes.isSingleton(binding)) {
                notSingletons.add(key.toString());
            }
        });
        assertEquals(List.of(), notSingletons, "every engine binding is a singleton");
    }

    @Test
    void the_injector_makes_nothing_it_was_not_told_to() {
        // requireExplicitBindings: a class only reached by Guice's just-in-time binding is refused, so
        // the modules list everything the engine is made of.
        Injector injector = injector();
        assertThrows(com.google.inject.ConfigurationException.class,
                () -> injector.getInstance(PipelineBuilder.class));
    }

    @Test
    void a_constructor_binding_that_misses_names_the_class_and_the_fix() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Constructors.of(Searcher.class, PluginRegistry.class));
        assertEquals("dev.attention.train.search.Searcher has no public constructor taking [class "
                + "dev.attention.assembly.plugin.PluginRegistry]; fix the binding in core's modules", e.getMessage());
    }

    @Test
    void pipelines_jobs_fits_and_searches_of_one_engine_count_on_its_one_kernel() throws IOException {
        Injector injector = injector();
        AttentionEngine engine = injector.getInstance(AttentionEngine.class);
        AttentionEngine other = Attention.engine(EngineOptions.defaults().withThreads(1));
        KernelUse otherBefore = other.kernelUse();
        AttentionInputs in = AttentionInputs.of(Map.of(
                "queries", Tensor.matrix(DType.FLOAT32, new double[] {1, 0}),
                "keys", Tensor.matrix(DType.FLOAT32, new double[] {1, 0}, new double[] {0, 1}),
                "values", Tensor.matrix(DType.FLOAT32, new double[] {10}, new double[] {20})));

        // scaled-dot + softmax declare the kernel's forms, so one run is one kernel attend.
        KernelUse before = engine.kernelUse();
        engine.pipeline().dtype(DType.FLOAT32).build().run(in);
        assertEquals(new KernelUse(1, 0, 0), engine.kernelUse().since(before), "engine.pipeline()");

        before = engine.kernelUse();
        new PipelineBuilder(injector.getInstance(PipelineFactory.class)).dtype(DType.FLOAT32).build().run(in);
        assertEquals(new KernelUse(1, 0, 0), engine.kernelUse().since(before), "the injector's factory is the engine's");

        Job job = engine.load(config());
        before = engine.kernelUse();
        engine.run(job);
        assertEquals(new KernelUse(1, 0, 0), engine.kernelUse().since(before), "engine.load(config)");

        before = engine.kernelUse();
        engine.fit(job);
        KernelUse fit = engine.kernelUse().since(before);
        assertTrue(fit.attends() > 0 && fit.backwards() > 0, "fit: " + fit.describe());

        before = engine.kernelUse();
        engine.search(job, SearchListener.NONE, 1);
        KernelUse search = engine.kernelUse().since(before);
        // The searcher assembles its candidates with a factory: the engine's, or its calls would not count here.
        assertTrue(search.attends() > 0, "search: " + search.describe());

        assertTrue(other.kernelUse().since(otherBefore).none(), "another engine has its own kernel");
    }

    /** scaled-dot + softmax in float32 on inline data, with a short fit and a one-candidate search. */
    private Path config() throws IOException {
        Path p = dir.resolve("job.yaml");
        Files.writeString(p, String.join("\n",
                "name: one-kernel",
                "dtype: float32",
                "pipeline: {variant: global, alignment: scaled-dot, distribution: softmax}",
                "inputs:",
                "  queries: {data: [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.5, 0.0]]}",
                "  keys:    {data: [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.5, 0.0]]}",
                "  values:  {data: [[1.0], [2.0], [3.0], [4.0]]}",
                "fit: {optimizer: {id: adam, lr: 0.05}, epochs: 2,",
                "      targets: {data: [[1.0], [2.0], [3.0], [4.0]]}}",
                "search: {alignment: [scaled-dot], distribution: [softmax], folds: 2}",
                ""));
        return p;
    }
}
