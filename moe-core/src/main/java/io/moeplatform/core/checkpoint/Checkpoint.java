package io.moeplatform.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.moeplatform.core.EngineJson;
import io.moeplatform.core.model.SequenceModel;
import io.moeplatform.core.moe.StackedExperts;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.train.AdamW;
import io.moeplatform.core.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saves and loads checkpoints in the project format (see the package documentation) on a local
 * directory.
 *
 * <p>Loading first compares the shape-defining configuration ({@link
 * io.moeplatform.core.model.TransformerConfig#shapeDefiningFields()}) and refuses a mismatch
 * with an {@link IncompatibleCheckpointException} naming the field and both values. A trainer
 * restored with {@link #load(Path, Trainer)} continues bit for bit as if never interrupted
 * (weights, AdamW moments, step count and the training generator are all restored exactly).
 */
public final class Checkpoint {

    /** The current format version, written to {@code config.json}. */
    public static final int FORMAT_VERSION = 1;
    /** The configuration file. */
    public static final String CONFIG_FILE = "config.json";
    /** The dense parameter file. */
    public static final String DENSE_FILE = "dense.safetensors";
    /** The optimizer state file. */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";

    /** config.json: indented for people; members a later version adds are ignored by this one. */
    private static final JsonMapper JSON = EngineJson.INDENTED;

    private static final String STEP = "step";
    private static final String RNG_STATE = "rng.state";

    private Checkpoint() {}

    /**
     * The file of one expert.
     *
     * @param layer MoE layer index in model order
     * @param expert expert index
     * @return the path relative to the checkpoint directory
     */
    public static String expertFile(int layer, int expert) {
        return "experts/layer-" + layer + "-expert-" + expert + ".safetensors";
    }

    /**
     * Saves the weights only.
     *
     * @param directory the checkpoint directory (created if missing)
     * @param model the model
     */
    public static void save(Path directory, SequenceModel<?> model) {
        write(directory, model, null);
    }

    /**
     * Saves weights, optimizer state, step count and training RNG state.
     *
     * @param directory the checkpoint directory (created if missing)
     * @param trainer the trainer
     */
    public static void save(Path directory, Trainer<?> trainer) {
        write(directory, trainer.model(), trainer);
    }

    /**
     * Reads {@code config.json}, e.g. to build the model before loading into it.
     *
     * @param directory the checkpoint directory
     * @return the configuration
     */
    public static CheckpointConfig readConfig(Path directory) {
        try {
            String json = Files.readString(directory.resolve(CONFIG_FILE), StandardCharsets.UTF_8);
            CheckpointConfig config = JSON.readValue(json, CheckpointConfig.class);
            if (config.formatVersion() != FORMAT_VERSION) {
                throw new IncompatibleCheckpointException("formatVersion", config.formatVersion(), FORMAT_VERSION);
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads the weights into a model built with a compatible configuration.
     *
     * @param directory the checkpoint directory
     * @param model the model to overwrite
     * @return the checkpoint's configuration
     */
    public static CheckpointConfig loadWeights(Path directory, SequenceModel<?> model) {
        CheckpointConfig config = readConfig(directory);
        requireCompatible(config, model);
        Parameters parameters = model.parameters();
        try (NDManager scratch = parameters.manager().newSubManager()) {
            for (var entry : SafeTensors.read(directory.resolve(DENSE_FILE)).entrySet()) {
                parameters.assign(entry.getKey(), entry.getValue().toNDArray(scratch));
            }
            int experts = config.model().gate().experts();
            List<StackedExperts> stacks = model.expertStacks();
            for (int layer = 0; layer < config.moeLayers().size(); layer++) {
                String prefix = config.moeLayers().get(layer) + ".experts.";
                List<List<NDArray>> slices = new ArrayList<>();
                for (int t = 0; t < StackedExperts.TENSOR_NAMES.length; t++) {
                    slices.add(new ArrayList<>(experts));
                }
                for (int j = 0; j < experts; j++) {
                    Map<String, TensorData> shard = SafeTensors.read(directory.resolve(expertFile(layer, j)));
                    for (int t = 0; t < StackedExperts.TENSOR_NAMES.length; t++) {
                        slices.get(t)
                                .add(require(shard, prefix + StackedExperts.TENSOR_NAMES[t], expertFile(layer, j))
                                        .toNDArray(scratch));
                    }
                }
                for (int t = 0; t < StackedExperts.TENSOR_NAMES.length; t++) {
                    stacks.get(layer).assign(parameters, StackedExperts.TENSOR_NAMES[t], slices.get(t));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    /**
     * Restores a trainer: weights, AdamW moments, step count and the training generator.
     *
     * @param directory the checkpoint directory (written by {@link #save(Path, Trainer)})
     * @param trainer the trainer to overwrite
     * @return the checkpoint's configuration
     */
    public static CheckpointConfig load(Path directory, Trainer<?> trainer) {
        CheckpointConfig config = loadWeights(directory, trainer.model());
        if (!config.hasOptimizerState()) {
            throw new IllegalArgumentException("checkpoint " + directory + " has no optimizer state");
        }
        AdamW optimizer = trainer.optimizer();
        try (NDManager scratch = trainer.model().parameters().manager().newSubManager()) {
            Map<String, TensorData> state = SafeTensors.read(directory.resolve(OPTIMIZER_FILE));
            restore(optimizer.firstMoments(), "m.", state, scratch);
            restore(optimizer.secondMoments(), "v.", state, scratch);
            optimizer.setStepCount(require(state, STEP, OPTIMIZER_FILE).toLongs()[0]);
            trainer.random().setState(require(state, RNG_STATE, OPTIMIZER_FILE).toLongs()[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    private static void write(Path directory, SequenceModel<?> model, Trainer<?> trainer) {
        // 1. experts, one shard per (layer, expert); 2. dense; 3. optimizer; 4. config.json last
        List<String> moeLayers = model.moeLayerPrefixes();
        Parameters parameters = model.parameters();
        Map<String, String> metadata = Map.of("formatVersion", Integer.toString(FORMAT_VERSION));
        try (NDManager scratch = parameters.manager().newSubManager()) {
            Files.createDirectories(directory.resolve("experts"));
            int experts = model.config().gate().experts();
            List<StackedExperts> stacks = model.expertStacks();
            for (int layer = 0; layer < moeLayers.size(); layer++) {
                String prefix = moeLayers.get(layer) + ".experts.";
                for (int j = 0; j < experts; j++) {
                    Map<String, TensorData> shard = new LinkedHashMap<>();
                    for (String tensor : StackedExperts.TENSOR_NAMES) {
                        shard.put(
                                prefix + tensor, TensorData.of(stacks.get(layer).expert(tensor, j, scratch)));
                    }
                    SafeTensors.write(directory.resolve(expertFile(layer, j)), shard, metadata);
                }
            }
            Map<String, TensorData> dense = new LinkedHashMap<>();
            parameters.all().forEach((name, array) -> {
                if (!isExpertTensor(name, moeLayers)) {
                    dense.put(name, TensorData.of(array));
                }
            });
            SafeTensors.write(directory.resolve(DENSE_FILE), dense, metadata);
            if (trainer != null) {
                Map<String, TensorData> state = new LinkedHashMap<>();
                trainer.optimizer().firstMoments().forEach((name, m) -> state.put("m." + name, TensorData.of(m)));
                trainer.optimizer().secondMoments().forEach((name, v) -> state.put("v." + name, TensorData.of(v)));
                state.put(STEP, TensorData.longs(new long[] {trainer.optimizer().stepCount()}, 1));
                state.put(
                        RNG_STATE, TensorData.longs(new long[] {trainer.random().state()}, 1));
                SafeTensors.write(directory.resolve(OPTIMIZER_FILE), state, metadata);
            }
            CheckpointConfig config = new CheckpointConfig(
                    FORMAT_VERSION,
                    model.getClass().getSimpleName(),
                    model.config(),
                    moeLayers,
                    trainer == null ? 0 : trainer.optimizer().stepCount(),
                    trainer != null);
            Files.writeString(directory.resolve(CONFIG_FILE), JSON.writeValueAsString(config), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isExpertTensor(String name, List<String> moeLayers) {
        return moeLayers.stream().anyMatch(prefix -> name.startsWith(prefix + ".experts."));
    }

    private static void requireCompatible(CheckpointConfig checkpoint, SequenceModel<?> model) {
        if (!checkpoint.modelType().equals(model.getClass().getSimpleName())) {
            throw new IncompatibleCheckpointException(
                    "modelType", checkpoint.modelType(), model.getClass().getSimpleName());
        }
        Map<String, Object> stored = checkpoint.model().shapeDefiningFields();
        Map<String, Object> current = model.config().shapeDefiningFields();
        for (var entry : current.entrySet()) {
            Object value = stored.get(entry.getKey());
            if (!Objects.equals(value, entry.getValue())) {
                throw new IncompatibleCheckpointException(entry.getKey(), value, entry.getValue());
            }
        }
    }

    private static void restore(
            Map<String, NDArray> target, String prefix, Map<String, TensorData> state, NDManager scratch) {
        for (var entry : target.entrySet()) {
            NDArray source =
                    require(state, prefix + entry.getKey(), OPTIMIZER_FILE).toNDArray(scratch);
            if (!source.getShape().equals(entry.getValue().getShape())) {
                throw new IncompatibleCheckpointException(
                        prefix + entry.getKey() + ".shape",
                        source.getShape(),
                        entry.getValue().getShape());
            }
            entry.getValue().set(new NDIndex(":"), source);
        }
    }

    private static TensorData require(Map<String, TensorData> tensors, String name, String file) {
        TensorData tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException(file + " has no tensor " + name);
        }
        return tensor;
    }
}
