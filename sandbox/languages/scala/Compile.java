// The compile step: scalac in this JVM (no daemon, no second JVM), then the name of the class that
// holds main written to .build/main-class for /opt/codeground/run. Usage: Compile <main file> <sources...>
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import scala.tools.nsc.Main;

public final class Compile {
    private static final Path BUILD = Paths.get(".build");

    public static void main(String[] args) throws IOException {
        Files.createDirectories(BUILD);
        List<String> argv = new ArrayList<>(List.of(
            "-classpath", "/usr/share/java/scala-library.jar", "-encoding", "UTF-8", "-d", BUILD.toString()));
        for (int i = 1; i < args.length; i++) argv.add(args[i]);
        Main.process(argv.toArray(new String[0]));
        if (Main.reporter().hasErrors()) System.exit(1);
        String main = mainClass(Paths.get(args[0]).getFileName().toString());
        if (main == null) {
            System.err.println("error: no main method: write `object Main { def main(args: Array[String]): Unit = { ... } }`"
                + " or `object Main extends App { ... }`.");
            System.exit(1);
        }
        Files.writeString(BUILD.resolve("main-class"), main + "\n");
    }

    /**
     * The class with a `public static void main(String[])`, preferring one compiled from the main
     * file (`object Main` in Main.scala gives `Main`, its static forwarder); among equals, the first by name.
     */
    static String mainClass(String mainFile) throws IOException {
        List<Path> classes;
        try (Stream<Path> walk = Files.walk(BUILD)) {
            classes = walk.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
        String best = null;
        boolean bestFromMain = false;
        for (Path file : classes) {
            String[] found = scan(Files.readAllBytes(file));
            if (found == null) continue;
            boolean fromMain = mainFile.equals(found[1]);
            if (best == null || (fromMain && !bestFromMain)) {
                best = found[0];
                bestFromMain = fromMain;
            }
        }
        return best;
    }

    /** {class name, source file} when the class file declares a public static main(String[]), else null. */
    static String[] scan(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) return null;
        in.skipBytes(4);
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: utf8[i] = in.readUTF(); break;
                case 7: classNames[i] = in.readUnsignedShort(); break;
                case 8: case 16: case 19: case 20: in.skipBytes(2); break;
                case 15: in.skipBytes(3); break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: in.skipBytes(4); break;
                case 5: case 6: in.skipBytes(8); i++; break;
                default: return null;
            }
        }
        in.skipBytes(2);
        String name = utf8[classNames[in.readUnsignedShort()]];
        in.skipBytes(2);
        in.skipBytes(2 * in.readUnsignedShort());
        boolean hasMain = false;
        for (int group = 0; group < 2; group++) {
            int members = in.readUnsignedShort();
            for (int m = 0; m < members; m++) {
                int flags = in.readUnsignedShort();
                String member = utf8[in.readUnsignedShort()];
                String descriptor = utf8[in.readUnsignedShort()];
                // ACC_PUBLIC | ACC_STATIC on a method (group 1)
                if (group == 1 && (flags & 0x0009) == 0x0009 && "main".equals(member)
                    && "([Ljava/lang/String;)V".equals(descriptor)) hasMain = true;
                skipAttributes(in);
            }
        }
        if (!hasMain) return null;
        String source = null;
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String attribute = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if ("SourceFile".equals(attribute)) source = utf8[in.readUnsignedShort()];
            else in.skipBytes(length);
        }
        return new String[] {name.replace('/', '.'), source};
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }
}
