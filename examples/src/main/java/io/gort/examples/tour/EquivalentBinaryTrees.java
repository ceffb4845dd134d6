package io.gort.examples.tour;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.chan.Sender;
import io.gort.chan.Recv;
import java.util.Random;

/**
 * A Tour of Go, concurrency/7-8 "Exercise: Equivalent Binary Trees" (go.dev/tour/concurrency/7 and
 * 8), solved: {@code Walk} sends a tree's values in order on a channel and closes it; {@code Same}
 * walks two trees side by side and compares. Trees of the same values can have different shapes
 * ({@link Tree#newTree} draws one at random) yet hold the same sequence.
 *
 * <p>One thing beyond the exercise's signature: {@code Same} may answer before both walks are over,
 * and a walker blocked on a send nobody will receive would leak, so each walker also selects on a
 * {@code quit} channel that {@code Same} closes when it returns (the tour's "Concurrency patterns"
 * talk does the same).
 */
public final class EquivalentBinaryTrees {
    private EquivalentBinaryTrees() { }

    /** func Walk(t *tree.Tree, ch chan int): sends the values in order, then closes {@code ch}. */
    static void walk(Tree t, Sender<Integer> ch, Receiver<Void> quit) {
        walkTree(t, ch, quit);
        ch.close();
    }

    /** In-order walk; false once {@code quit} is closed, so the walk stops. */
    private static boolean walkTree(Tree t, Sender<Integer> ch, Receiver<Void> quit) {
        if (t == null) {
            return true;
        }
        if (!walkTree(t.left, ch, quit)) {
            return false;
        }
        boolean sent = Select.select(                         // select {
                ch.onSend(t.value, () -> true),               // case ch <- t.Value:
                quit.onRecv(x -> false));                     // case <-quit: return
        return sent && walkTree(t.right, ch, quit);
    }

    /** func Same(t1, t2 *tree.Tree) bool */
    static boolean same(Tree t1, Tree t2) {
        Chan<Integer> ch1 = Chan.make(), ch2 = Chan.make();
        Chan<Void> quit = Chan.make();
        Go.spawn(() -> walk(t1, ch1, quit));                  // go Walk(t1, ch1)
        Go.spawn(() -> walk(t2, ch2, quit));                  // go Walk(t2, ch2)
        try {
            while (true) {
                Recv<Integer> a = ch1.recvOk();               // v1, ok1 := <-ch1
                Recv<Integer> b = ch2.recvOk();               // v2, ok2 := <-ch2
                if (a.ok() != b.ok() || (a.ok() && !a.value().equals(b.value()))) {
                    return false;
                }
                if (!a.ok()) {
                    return true;
                }
            }
        } finally {
            quit.close();                                     // defer close(quit)
        }
    }

    public static void main(String[] args) {
        Random rnd = new Random(1);                           // the tree package's rand, seeded
        Chan<Integer> ch = Chan.make();                       // ch := make(chan int)
        Tree t = Tree.newTree(1, rnd);
        Go.spawn(() -> walk(t, ch, Chan.nil()));              // go Walk(tree.New(1), ch)
        for (int i = 0; i < 10; i++) {
            System.out.println(ch.recv());                    // fmt.Println(<-ch)
        }
        System.out.println(same(Tree.newTree(1, rnd), Tree.newTree(1, rnd)));  // Same(tree.New(1), tree.New(1))
        System.out.println(same(Tree.newTree(1, rnd), Tree.newTree(2, rnd)));  // Same(tree.New(1), tree.New(2))
    }
}
