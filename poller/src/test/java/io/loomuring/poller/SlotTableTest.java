package io.loomuring.poller;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotTableTest {

    @Test
    void completionCarryingAStaleGenerationIsIgnored() {
        SlotTable table = new SlotTable(1);
        Nop first = new Nop();
        long oldUd = table.acquire(first);
        table.release(first);
        Nop second = new Nop();
        long newUd = table.acquire(second);
        assertEquals(UserData.slot(oldUd), UserData.slot(newUd), "same slot reused");
        assertNotEquals(oldUd, newUd, "with a new generation");
        assertNull(table.lookup(oldUd), "the old operation's late CQE finds nothing");
        assertSame(second, table.lookup(newUd));
    }

    @Test
    void generationWrapsWithoutTouchingTheInternalBit() {
        SlotTable table = new SlotTable(1);
        long ud = 0;
        for (int i = 0; i < 100_000; i++) {
            Nop op = new Nop();
            ud = table.acquire(op);
            assertTrue(!UserData.internal(ud));
            table.release(op);
        }
        assertEquals(100_000 - 1, UserData.generation(ud));
        assertEquals(0x7fff_ffff, UserData.generation(UserData.of(0, -1)));
        assertTrue(!UserData.internal(UserData.of(0x7fff_ffff, -1)));
    }

    @Test
    void aGrowableTableKeepsGenerationsAndLookupsAcrossGrowth() {
        SlotTable table = new SlotTable(2, 64);
        java.util.List<Long> uds = new java.util.ArrayList<>();
        java.util.List<Nop> ops = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Nop op = new Nop();
            ops.add(op);
            uds.add(table.acquire(op));
        }
        assertTrue(table.isFull());
        for (int i = 0; i < 64; i++) {
            assertSame(ops.get(i), table.lookup(uds.get(i)));
        }
        table.release(ops.get(0));
        assertNull(table.lookup(uds.get(0)));
        assertEquals(63, table.inFlight());
    }

    @Test
    void capacityBoundsInFlightAndOutOfRangeSlotsAreIgnored() {
        SlotTable table = new SlotTable(3);
        for (int i = 0; i < 3; i++) {
            table.acquire(new Nop());
        }
        assertTrue(table.isFull());
        assertEquals(3, table.inFlight());
        assertThrows(IllegalStateException.class, () -> table.acquire(new Nop()));
        assertNull(table.lookup(UserData.of(7, 0)));
        assertThrows(AssertionError.class, () -> table.release(new Nop()));
    }
}
