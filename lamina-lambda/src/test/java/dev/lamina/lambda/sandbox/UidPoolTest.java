package dev.lamina.lambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UidPoolTest {
    @Test
    void handsOutDistinctUidsAndDoesNotReuseAReleasedOneAtOnce() {
        UidPool pool = new UidPool(1000, 3);
        int a = pool.take();
        int b = pool.take();
        assertNotEquals(a, b);
        pool.release(a);
        int c = pool.take();
        assertEquals(1002, c);
        assertEquals(a, pool.take(), "wraps around to the released uid");
        assertThrows(IllegalStateException.class, pool::take);
    }
}
