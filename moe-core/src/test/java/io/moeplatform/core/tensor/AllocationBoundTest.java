package io.moeplatform.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllocationBoundTest {

    @Test
    void unitsWithinFitTheBoundAndStayBetweenOneAndTheUnits() {
        assertThat(AllocationBound.unitsWithin(64, 256 * 1024)).isEqualTo(16); // 16 experts of 1 Mi elements
        assertThat(AllocationBound.unitsWithin(8, 256 * 1024)).isEqualTo(8); // all fit
        assertThat(AllocationBound.unitsWithin(8, 8L << 20)).isEqualTo(1); // one unit is larger
        assertThat(AllocationBound.unitsWithin(8, 0)).isEqualTo(8); // empty units
        assertThat(AllocationBound.unitsWithin(0, 1)).isEqualTo(1);
    }

    @Test
    void cutsSplitIntoEqualPiecesWithAShorterLastOne() {
        assertThat(AllocationBound.cuts(10, 4)).containsExactly(4, 8);
        assertThat(AllocationBound.cuts(8, 4)).containsExactly(4);
        assertThat(AllocationBound.cuts(4, 4)).isEmpty();
        assertThat(AllocationBound.cuts(3, 1)).containsExactly(1, 2);
        assertThat(AllocationBound.cuts(0, 2)).isEmpty();
    }
}
