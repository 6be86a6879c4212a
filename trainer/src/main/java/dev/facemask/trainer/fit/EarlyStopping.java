package dev.facemask.trainer.fit;

import java.util.OptionalInt;

/** Tracks the best validation loss and says when patience has run out (never, without a patience). */
final class EarlyStopping {

    private final OptionalInt patience;
    private double best;
    private int sinceBest;

    EarlyStopping(OptionalInt patience, double bestSoFar) {
        this.patience = patience;
        this.best = bestSoFar;
    }

    /** Records one epoch's validation loss; true when it is a new best (NaN never is). */
    boolean record(double valLoss) {
        if (valLoss < best) {
            best = valLoss;
            sinceBest = 0;
            return true;
        }
        sinceBest++;
        return false;
    }

    int epochsSinceBest() {
        return sinceBest;
    }

    boolean shouldStop() {
        return patience.isPresent() && sinceBest >= patience.getAsInt();
    }
}
