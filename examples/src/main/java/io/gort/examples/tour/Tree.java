package io.gort.examples.tour;

import java.util.Random;

/**
 * The binary tree of {@code golang.org/x/tour/tree}: {@link #newTree(int, Random)} is its {@code
 * New(k)}, a randomly shaped sorted tree holding {@code k, 2k, ..., 10k}. The Go package draws the
 * insertion order from {@code rand.Perm(10)}; here the caller passes the {@link Random}, so a seeded
 * one makes the shape reproducible.
 */
public final class Tree {
    Tree left;                                                // Left  *Tree
    final int value;                                          // Value int
    Tree right;                                               // Right *Tree

    private Tree(int value) {
        this.value = value;
    }

    /** {@code tree.New(k)}: the values {@code k..10k}, inserted in an order drawn from {@code rnd}. */
    public static Tree newTree(int k, Random rnd) {
        int[] perm = new int[10];                             // rand.Perm(10)
        for (int i = 0; i < perm.length; i++) {
            int j = rnd.nextInt(i + 1);
            perm[i] = perm[j];
            perm[j] = i;
        }
        Tree t = null;
        for (int v : perm) {                                  // for _, v := range rand.Perm(10) {
            t = insert(t, (1 + v) * k);                       //     t = insert(t, (1+v)*k)
        }
        return t;
    }

    private static Tree insert(Tree t, int v) {
        if (t == null) {
            return new Tree(v);
        }
        if (v < t.value) {
            t.left = insert(t.left, v);
        } else {
            t.right = insert(t.right, v);
        }
        return t;
    }

    /** Go's {@code (*Tree).String}: {@code ((1) 2 (3))} and so on. */
    @Override
    public String toString() {
        String s = "";
        if (left != null) {
            s += left + " ";
        }
        s += value;
        if (right != null) {
            s += " " + right;
        }
        return "(" + s + ")";
    }
}
