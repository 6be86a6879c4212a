package dev.facemask.runtime.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * One JVM of the local stack: the id that names its pid and log files, and the main class that,
 * with the stack's marker, identifies a pid as ours. The roles are {@link StackRole}; a stack with
 * more than one TaskManager adds {@link AdditionalTaskManager}s.
 */
public interface StackJvm {

    /** File-name friendly id: {@code kafka}, {@code jobmanager}, {@code taskmanager}, {@code taskmanager-2}, ... */
    String id();

    String mainClass();

    /** Whether this JVM is a TaskManager (the first or an additional one). */
    default boolean isTaskManager() {
        return mainClass().equals(StackRole.TASK_MANAGER.mainClass());
    }

    /**
     * The TaskManagers of a stack with {@code count} of them: {@link StackRole#TASK_MANAGER} first, so a
     * one-TaskManager stack keeps its file names ({@code run/taskmanager.pid}), then {@code taskmanager-2} ...
     */
    static List<StackJvm> taskManagers(int count) {
        List<StackJvm> list = new ArrayList<>(List.of(StackRole.TASK_MANAGER));
        for (int number = 2; number <= count; number++) {
            list.add(new AdditionalTaskManager(number));
        }
        return List.copyOf(list);
    }

    /**
     * The TaskManager number {@code number} (2 or more) of a stack started with {@code --taskmanagers N}.
     *
     * @param number 2..N; the first TaskManager is {@link StackRole#TASK_MANAGER}
     */
    record AdditionalTaskManager(int number) implements StackJvm {
        public AdditionalTaskManager {
            if (number < 2) {
                throw new IllegalArgumentException("additional TaskManagers are numbered from 2, got " + number);
            }
        }

        @Override
        public String id() {
            return StackRole.TASK_MANAGER.id() + "-" + number;
        }

        @Override
        public String mainClass() {
            return StackRole.TASK_MANAGER.mainClass();
        }
    }
}
