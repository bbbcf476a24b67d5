package io.infergate.policy;

import java.util.List;

/**
 * A policy file that cannot be used, with every problem found in it, each naming the policy and the place in the
 * file. The policies in force stay as they were.
 */
public class PolicyFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    PolicyFileException(List<String> problems) {
        super("The policy file is refused: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * @return one sentence per problem, in file order
     */
    public List<String> problems() {
        return problems;
    }
}
