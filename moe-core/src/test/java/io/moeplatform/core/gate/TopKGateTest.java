package io.moeplatform.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.GradientCheck;
import io.moeplatform.core.tensor.SeededRandom;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class TopKGateTest {

    @AutoClose
    private final NDManager manager = NDManager.newBaseManager();

    private NDArray gaussian(SeededRandom random, double std, long... shape) {
        double[] values = new double[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = std * random.nextGaussian();
        }
        return manager.create(values, new Shape(shape));
    }

    @Test
    void balancingLossIsExactlyOneForAUniformRouter() {
        NDArray tokens = gaussian(new SeededRandom(1), 1, 32, 8);
        GateConfig config = GateConfig.builder().setExperts(4).optTopK(2).build();
        GateOutput out =
                new TopKGate(config, manager.zeros(new Shape(8, 4), DataType.FLOAT64)).route(tokens, true, null);
        assertThat(out.loadBalancingLoss().getDouble()).isEqualTo(1.0);
        // logsumexp of four zero logits is log 4
        assertThat(out.zLoss().getDouble()).isCloseTo(Math.log(4) * Math.log(4), within(1e-12));
    }

    @Test
    void noExpertExceedsCapacityAndSlotsAreDistinct() {
        SeededRandom random = new SeededRandom(2);
        for (DropPolicy policy : DropPolicy.values()) {
            for (int k = 1; k <= 3; k++) {
                GateConfig config = GateConfig.builder()
                        .setExperts(5)
                        .optTopK(k)
                        .optTrainCapacityFactor(0.8)
                        .optMinCapacity(1)
                        .optDropPolicy(policy)
                        .build();
                NDArray router = gaussian(random, 1, 6, 5);
                GateOutput out = new TopKGate(config, router).route(gaussian(random, 1, 50, 6), true, random);
                // C = ceil(k · 50 tokens / 5 experts · 0.8) = 8k, written out rather than asked of ExpertCapacity
                assertThat(out.capacity()).isEqualTo(8 * k);
                boolean[][] used = new boolean[5][out.capacity()];
                int[] counted = new int[5];
                for (int a = 0; a < out.expertIndex().length; a++) {
                    int e = out.expertIndex()[a];
                    if (e >= 0) {
                        assertThat(used[e][out.slotIndex()[a]])
                                .as("slot reused")
                                .isFalse();
                        used[e][out.slotIndex()[a]] = true;
                        counted[e]++;
                    }
                }
                assertThat(out.expertCounts()).containsExactly(counted);
                assertThat(java.util.Arrays.stream(out.expertCounts()).max().orElseThrow())
                        .isLessThanOrEqualTo(out.capacity());
                assertThat(out.droppedFraction())
                        .as("k=%d %s drops something", k, policy)
                        .isPositive();
            }
        }
    }

    @Test
    void largeCapacityFactorAndDroplessDropNothing() {
        SeededRandom random = new SeededRandom(3);
        NDArray router = gaussian(random, 3, 6, 4); // skewed router
        NDArray tokens = gaussian(random, 1, 64, 6);
        GateOutput large = new TopKGate(
                        GateConfig.builder()
                                .setExperts(4)
                                .optTopK(2)
                                .optTrainCapacityFactor(4.0)
                                .build(),
                        router)
                .route(tokens, true, null);
        assertThat(large.droppedFraction()).isZero();
        assertThat(large.expertIndex()).doesNotContain(-1);

        GateOutput dropless = new TopKGate(
                        GateConfig.builder()
                                .setExperts(4)
                                .optTopK(2)
                                .optTrainCapacityFactor(0.5)
                                .optMinCapacity(0)
                                .optDropless(true)
                                .build(),
                        router)
                .route(tokens, true, null);
        assertThat(dropless.droppedFraction()).isZero();
        assertThat(dropless.capacity())
                .isEqualTo(
                        java.util.Arrays.stream(dropless.expertCounts()).max().orElseThrow());
    }

    /** Router = log of the wanted probabilities, tokens = one-hot rows, so softmax gives them back. */
    private GateOutput handBuilt(double[][] probabilities, GateConfig config) {
        int tokens = probabilities.length;
        int experts = probabilities[0].length;
        double[] log = new double[tokens * experts];
        for (int t = 0; t < tokens; t++) {
            for (int e = 0; e < experts; e++) {
                log[t * experts + e] = Math.log(probabilities[t][e]);
            }
        }
        NDArray router = manager.create(log, new Shape(tokens, experts));
        NDArray oneHot = manager.eye(tokens).toType(DataType.FLOAT64, false);
        return new TopKGate(config, router).route(oneHot, true, null);
    }

    @Test
    void gshardTop2FirstChoicesTakeSlotsFirstAndWeightsAreRenormalisedOverKeptChoices() {
        double[][] p = {{0.9, 0.1}, {0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}};
        // C = ceil(2 * 4 / 2 * 0.75) = 3
        GateOutput out = handBuilt(
                p,
                GateConfig.builder()
                        .setExperts(2)
                        .optTopK(2)
                        .optTrainCapacityFactor(0.75)
                        .optMinCapacity(0)
                        .build());
        assertThat(out.capacity()).isEqualTo(3);
        // expert 0: first choices of t0, t1, t3 fill it; t2's second choice (expert 0) is dropped
        // although t2 comes before t3. expert 1: t2 (first), then t0, t1 (second); t3's second dropped.
        assertThat(out.expertIndex()).containsExactly(0, 1, 0, 1, 1, -1, 0, -1);
        assertThat(out.slotIndex()).containsExactly(0, 1, 1, 2, 0, -1, 2, -1);
        assertThat(out.combineWeights().toDoubleArray())
                .containsExactly(new double[] {0.9, 0.1, 0.8, 0.2, 1.0, 0.0, 1.0, 0.0}, within(1e-12));
        assertThat(out.droppedFraction()).isEqualTo(2.0 / 8);
        assertThat(out.droppedTokenFraction()).isZero();
        assertThat(out.firstChoiceCounts()).containsExactly(3, 1);
        // E · Σ f_e P_e with f = (3/4, 1/4), P = (2.6/4, 1.4/4)
        assertThat(out.loadBalancingLoss().getDouble()).isCloseTo(2 * (0.75 * 0.65 + 0.25 * 0.35), within(1e-12));
    }

    @Test
    void switchTop1KeepsTheRawProbabilityAsGateValue() {
        double[][] p = {{0.7, 0.2, 0.1}, {0.1, 0.6, 0.3}};
        GateOutput out = handBuilt(p, GateConfig.builder().setExperts(3).build());
        assertThat(out.combineWeights().toDoubleArray()).containsExactly(new double[] {0.7, 0.6}, within(1e-12));
        assertThat(out.expertIndex()).containsExactly(0, 1);
    }

    /** Mean position of dropped tokens and their share in the first half of the sequence. */
    private double[] dropStatistics(DropPolicy policy, long seed) {
        SeededRandom random = new SeededRandom(seed);
        int tokens = 400;
        NDArray router = gaussian(new SeededRandom(11), 1, 8, 4);
        NDArray input = gaussian(new SeededRandom(12), 1, tokens, 8);
        GateConfig config = GateConfig.builder()
                .setExperts(4)
                .optTrainCapacityFactor(0.75)
                .optMinCapacity(0)
                .optDropPolicy(policy)
                .build();
        GateOutput out = new TopKGate(config, router).route(input, true, random);
        double sum = 0;
        int dropped = 0;
        int firstHalf = 0;
        for (int t = 0; t < tokens; t++) {
            if (out.expertIndex()[t] < 0) {
                sum += t;
                dropped++;
                firstHalf += t < tokens / 2 ? 1 : 0;
            }
        }
        assertThat(dropped).as("the setting must drop tokens").isGreaterThan(60);
        return new double[] {sum / dropped, (double) firstHalf / dropped};
    }

    @Test
    void positionPolicyDropsTheLatestTokensWhileRtsSpreadsDropsOverPositions() {
        double[] position = dropStatistics(DropPolicy.POSITION, 5);
        assertThat(position[0]).isGreaterThan(0.7 * 400);
        assertThat(position[1]).isLessThan(0.05);
        for (long seed = 20; seed < 23; seed++) {
            double[] rts = dropStatistics(DropPolicy.RANDOM_TOKEN_SELECTION, seed);
            // uniform positions: mean 199.5 with a standard error of about 115 / sqrt(100) ≈ 12
            assertThat(rts[0]).isBetween(199.5 - 40, 199.5 + 40);
            assertThat(rts[1]).isBetween(0.35, 0.65);
        }
    }

    @Test
    void noiseAppliesOnlyInTrainingAndGumbelKeepsTheFirstChoice() {
        SeededRandom random = new SeededRandom(7);
        NDArray router = gaussian(random, 0.3, 6, 6);
        NDArray tokens = gaussian(random, 1, 200, 6);
        GateConfig plain = GateConfig.builder()
                .setExperts(6)
                .optTopK(2)
                .optTrainCapacityFactor(8)
                .build();
        GateOutput reference = new TopKGate(plain, router).route(tokens, true, null);

        TopKGate gumbel = new TopKGate(
                plain.toBuilder().optNoisePolicy(NoisePolicy.GUMBEL).build(), router);
        GateOutput sampled = gumbel.route(tokens, true, random);
        int secondDiffers = 0;
        for (int t = 0; t < 200; t++) {
            assertThat(sampled.expertIndex()[2 * t]).isEqualTo(reference.expertIndex()[2 * t]);
            secondDiffers += sampled.expertIndex()[2 * t + 1] != reference.expertIndex()[2 * t + 1] ? 1 : 0;
        }
        assertThat(secondDiffers).isBetween(20, 180);
        assertThat(gumbel.route(tokens, false, random).expertIndex()).containsExactly(reference.expertIndex());

        TopKGate jitter = new TopKGate(
                plain.toBuilder()
                        .optNoisePolicy(NoisePolicy.JITTER)
                        .optJitterEpsilon(0.2)
                        .build(),
                router);
        assertThat(jitter.route(tokens, true, random).probabilities().toDoubleArray())
                .isNotEqualTo(reference.probabilities().toDoubleArray());
        assertThat(jitter.route(tokens, false, random).probabilities().toDoubleArray())
                .containsExactly(reference.probabilities().toDoubleArray());
    }

    @Test
    void paddingTokensGetNoExpertAndDoNotCount() {
        SeededRandom random = new SeededRandom(8);
        NDArray router = gaussian(random, 1, 4, 3);
        NDArray tokens = gaussian(random, 1, 10, 4);
        boolean[] active = {true, true, true, true, true, true, false, false, false, false};
        GateOutput out = new TopKGate(
                        GateConfig.builder()
                                .setExperts(3)
                                .optTopK(2)
                                .optMinCapacity(0)
                                .build(),
                        router)
                .route(tokens, active, true, null);
        for (int t = 6; t < 10; t++) {
            assertThat(out.expertIndex()[2 * t]).isEqualTo(-1);
            assertThat(out.combineWeights().get(t).toDoubleArray()).containsOnly(0.0);
        }
        assertThat(java.util.Arrays.stream(out.firstChoiceCounts()).sum()).isEqualTo(6);
        // capacity from the 6 active tokens, not the 10 rows: ceil(2 · 6 / 3 · 1.25) = 5 (10 rows would give 9)
        assertThat(out.capacity()).isEqualTo(5);
    }

    @Test
    void lossesAndCombineWeightsHaveFiniteDifferenceGradients() {
        SeededRandom random = new SeededRandom(9);
        NDArray tokens = gaussian(random, 1, 24, 5);
        NDArray router = gaussian(random, 0.5, 5, 4);
        NDArray coefficients = gaussian(random, 1, 24, 2);
        GateConfig config = GateConfig.builder()
                .setExperts(4)
                .optTopK(2)
                .optTrainCapacityFactor(0.75)
                .optMinCapacity(0)
                .build();
        GradientCheck.check(
                manager,
                router.duplicate(),
                w -> new TopKGate(config, w).route(tokens, true, null).loadBalancingLoss(),
                20,
                1e-6);
        GradientCheck.check(
                manager,
                router.duplicate(),
                w -> new TopKGate(config, w).route(tokens, true, null).zLoss(),
                20,
                1e-6);
        GradientCheck.check(
                manager,
                router.duplicate(),
                w -> new TopKGate(config, w)
                        .route(tokens, true, null)
                        .combineWeights()
                        .mul(coefficients)
                        .sum(),
                20,
                1e-6);
        GateConfig switchConfig = GateConfig.builder().setExperts(4).build();
        GradientCheck.check(
                manager,
                router.duplicate(),
                w -> new TopKGate(switchConfig, w)
                        .route(tokens, true, null)
                        .combineWeights()
                        .mul(coefficients.get(":, 0:1"))
                        .sum(),
                20,
                1e-6);
    }

    @Test
    void configurationErrorsNameTheFieldAndValues() {
        assertThatThrownBy(() -> GateConfig.builder().setExperts(2).optTopK(3).build())
                .hasMessage("topK (3) > experts (2)");
        assertThatThrownBy(() -> GateConfig.builder().build()).hasMessageContaining("experts is required");
        assertThatThrownBy(() -> GateConfig.builder()
                        .setExperts(2)
                        .optTrainCapacityFactor(0)
                        .build())
                .hasMessage("trainCapacityFactor (0.0) must be > 0");
    }

    @Test
    void capacityFollowsTheFormulaWithAFloor() {
        assertThat(ExpertCapacity.of(32, 4, 1, 1.25, 0)).isEqualTo(10);
        assertThat(ExpertCapacity.of(30, 4, 2, 1.0, 0)).isEqualTo(15);
        assertThat(ExpertCapacity.of(31, 4, 1, 1.0, 0)).isEqualTo(8);
        assertThat(ExpertCapacity.of(4, 4, 1, 1.0, 4)).isEqualTo(4);
        assertThat(ExpertCapacity.dropless(new int[] {3, 9, 1}, 4)).isEqualTo(9);
    }
}
