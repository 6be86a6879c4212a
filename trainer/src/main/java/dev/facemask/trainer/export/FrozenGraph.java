package dev.facemask.trainer.export;

import com.google.protobuf.ByteString;
import dev.facemask.trainer.model.TensorArrays;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A copy of an inference graph with its weight variables turned into constants.
 *
 * <p>Why: oneDNN's convolution caches its weights in its own blocked layout only when they are a
 * constant. Read from a variable, they are reordered again on every call, which costs little at
 * batch 8 (3% on the seed model) and a third of the time at batch 1 (seed 9.2 → 13.6 images/s,
 * detect-small 27 → 35, measured 2026-12-03 on this project's 2-core machine): a camera at a low
 * frame rate sends batches of one or two.
 *
 * <p>Each frozen weight becomes a {@code Const} named {@link #WEIGHT_SCOPE} + the variable's name,
 * so that {@link ExportedWeights} still reads the weights back ({@code --init-from},
 * {@code model resize}); the variables' {@code Assign} ops and their feeds are left out, and every
 * other node is copied unchanged, so signatures resolve by the same tensor names.
 */
final class FrozenGraph {

    /** Name prefix of a frozen weight's constant: {@code weights/stem_conv_w}. */
    static final String WEIGHT_SCOPE = "weights/";

    private FrozenGraph() {}

    /**
     * @param graph the graph to copy
     * @param session a session on {@code graph} with every variable in {@code variables} assigned
     * @param variables names of the {@code VariableV2} ops to freeze
     * @return a new graph, owned by the caller
     */
    static Graph freeze(Graph graph, Session session, List<String> variables) {
        GraphDef source = graph.toGraphDef();
        Set<String> frozen = new HashSet<>(variables);
        Map<String, NodeDef> constants = constants(session, variables);
        Set<String> dropped = new HashSet<>();
        for (NodeDef node : source.getNodeList()) {
            // The Assign that loaded a variable, and the placeholder that fed it, have nothing left to write.
            if (node.getOp().equals("Assign") && frozen.contains(nodeName(node.getInput(0)))) {
                dropped.add(node.getName());
                dropped.add(nodeName(node.getInput(1)));
            }
        }
        GraphDef.Builder out = GraphDef.newBuilder(source).clearNode();
        for (NodeDef node : source.getNodeList()) {
            if (dropped.contains(node.getName())) {
                continue;
            }
            if (frozen.contains(node.getName())) {
                out.addNode(constants.get(node.getName()));
                continue;
            }
            NodeDef.Builder copy = node.toBuilder().clearInput();
            for (String input : node.getInputList()) {
                copy.addInput(renamed(input, frozen));
            }
            out.addNode(copy);
        }
        Graph result = new Graph();
        try {
            result.importGraphDef(out.build());
            return result;
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** {@code "name"}, {@code "name:1"} or {@code "^name"} → {@code name}. */
    private static String nodeName(String input) {
        String name = input.startsWith("^") ? input.substring(1) : input;
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    private static String renamed(String input, Set<String> frozen) {
        String name = nodeName(input);
        if (!frozen.contains(name)) {
            return input;
        }
        return input.startsWith("^") ? "^" + WEIGHT_SCOPE + name
                : WEIGHT_SCOPE + name + input.substring(name.length());
    }

    private static Map<String, NodeDef> constants(Session session, List<String> variables) {
        Map<String, NodeDef> out = new HashMap<>();
        // One variable at a time: the seed model's 100 MB of weights are not held twice over at once.
        for (String name : variables) {
            try (Result r = session.runner().fetch(name).run()) {
                out.put(name, constant(WEIGHT_SCOPE + name, r.get(0)));
            }
        }
        return out;
    }

    private static NodeDef constant(String name, Tensor value) {
        float[] values = TensorArrays.values(value);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : value.shape().asArray()) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape)
                .setTensorContent(ByteString.copyFrom(bytes)).build();
        return NodeDef.newBuilder().setName(name).setOp("Const")
                .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
    }
}
