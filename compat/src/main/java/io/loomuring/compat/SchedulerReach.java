package io.loomuring.compat;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.loomuring.LoomUring;
import io.loomuring.poller.carrier.CarrierDoor;

/**
 * The agent's one reach into the JDK: makes carrier rings the scheduler of every virtual thread
 * the program creates from a platform thread ({@code Thread.ofVirtual()},
 * {@code Thread.startVirtualThread}, {@code Executors.newVirtualThreadPerTaskExecutor()}, thread
 * factories); a virtual thread created by a virtual thread inherits its parent's scheduler, as in
 * the JDK. JDK 25 picks that scheduler at one place: the {@code getstatic DEFAULT_SCHEDULER} in
 * {@code java.lang.VirtualThread}'s constructor. This class
 * <ol>
 *   <li>opens {@code java.lang} to this module and to the poller's ({@code CarrierDoor}) with
 *       {@link Instrumentation#redefineModule} — no {@code --add-opens};</li>
 *   <li>defines {@code java.lang.LoomUringScheduler} (a static {@code pick()} that returns the carrier
 *       scheduler, started on first use, or {@code VirtualThread.defaultScheduler()} when carrier
 *       rings are unavailable) through a private lookup in {@code java.lang};</li>
 *   <li>rewrites that one {@code getstatic} into {@code invokestatic pick()} with the ClassFile API
 *       and retransforms {@code VirtualThread}.</li>
 * </ol>
 * Everything is checked first (the constructor holds exactly one such instruction,
 * {@code defaultScheduler()} exists, the class can be retransformed); when the JDK is not shaped as
 * expected nothing is changed and one WARNING line says why. {@code -Dloomuring.scheduler=jdk}
 * turns the reach off. See docs/design/carrier-rings.md, "Every virtual thread, under the agent".
 */
final class SchedulerReach {
    private SchedulerReach() {}

    static final String OFF = "loomuring.scheduler";
    private static final String VT = "java/lang/VirtualThread";
    private static final ClassDesc CD_VT = ClassDesc.ofInternalName(VT);
    private static final ClassDesc CD_HOOK = ClassDesc.of("java.lang.LoomUringScheduler");
    private static final ClassDesc CD_EXECUTOR = ClassDesc.of(Executor.class.getName());
    private static final ClassDesc CD_SUPPLIER = ClassDesc.of(Supplier.class.getName());
    private static final MethodTypeDesc PICK = MethodTypeDesc.of(CD_EXECUTOR);

    private static volatile String outcome = "not installed";

    /** What the last {@link #install} did: "installed", or why not. */
    static String outcome() {
        return outcome;
    }

    /**
     * Installs the reach (see the class description). Returns true when every new virtual thread
     * of a platform thread now goes to the hook; false when it is turned off or the JDK is not
     * shaped as expected (one WARNING line, the JDK's scheduler stays).
     */
    static synchronized boolean install(Instrumentation inst) {
        if ("jdk".equals(System.getProperty(OFF))) {
            outcome = "turned off by -D" + OFF + "=jdk";
            return false;
        }
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            Method fallback = vt.getDeclaredMethod("defaultScheduler");
            Field field = vt.getDeclaredField(fieldName());
            if (!Modifier.isStatic(fallback.getModifiers()) || fallback.getReturnType() != Executor.class
                    || !Modifier.isStatic(field.getModifiers()) || !Executor.class.isAssignableFrom(field.getType())) {
                return refused("VirtualThread.defaultScheduler() or DEFAULT_SCHEDULER is not the static Executor expected");
            }
            if (!inst.isModifiableClass(vt) || !inst.isRetransformClassesSupported()) {
                return refused("VirtualThread cannot be retransformed (the agent jar needs Can-Retransform-Classes: true)");
            }
            Module base = Object.class.getModule();
            inst.redefineModule(base, Set.of(), Map.of(),
                    Map.of("java.lang", Set.copyOf(List.of(SchedulerReach.class.getModule(), CarrierDoor.class.getModule()))), Set.of(), Map.of());
            MethodHandles.Lookup javaLang = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            Class<?> hook = defineHook(javaLang);
            Field supplier = hook.getField("supplier");
            supplier.set(null, (Supplier<Executor>) LoomUring::carrierScheduler);
            Rewrite rewrite = new Rewrite(fieldName());
            inst.addTransformer(rewrite, true); // stays: a later retransform by another agent keeps the rewrite
            inst.retransformClasses(vt);
            if (rewrite.failure != null) {
                inst.removeTransformer(rewrite);
                return refused(rewrite.failure);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError | java.lang.instrument.UnmodifiableClassException e) {
            return refused(e.toString());
        }
        outcome = "installed";
        return true;
    }

    /** The field the constructor reads ({@code -Dloomuring.inject.schedulerField} names another, for the refusal test). */
    private static String fieldName() {
        return System.getProperty("loomuring.inject.schedulerField", "DEFAULT_SCHEDULER");
    }

    private static boolean refused(String why) {
        outcome = why;
        System.getLogger("io.loomuring").log(System.Logger.Level.WARNING,
                "loom-uring: virtual threads stay on the JDK's scheduler, this JDK (" + Runtime.version()
                        + ") is not shaped as expected: " + why);
        return false;
    }

    /**
     * {@code public final class java.lang.LoomUringScheduler { public static volatile Supplier<Executor> supplier;
     * public static Executor pick() { Supplier s = supplier; Object e; if (s != null && (e = s.get()) != null)
     * return (Executor) e; return VirtualThread.defaultScheduler(); } }}
     */
    private static Class<?> defineHook(MethodHandles.Lookup javaLang) throws IllegalAccessException {
        try {
            return Class.forName(CD_HOOK.packageName() + "." + CD_HOOK.displayName(), false, null); // a second install
        } catch (ClassNotFoundException absent) {
            // define it
        }
        byte[] bytes = ClassFile.of().build(CD_HOOK, cb -> cb
                .withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC)
                .withField("supplier", CD_SUPPLIER, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC | ClassFile.ACC_VOLATILE)
                .withMethodBody("pick", PICK, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code -> {
                    var jdk = code.newLabel();
                    code.getstatic(CD_HOOK, "supplier", CD_SUPPLIER)
                            .astore(0)
                            .aload(0)
                            .ifnull(jdk)
                            .aload(0)
                            .invokeinterface(CD_SUPPLIER, "get", MethodTypeDesc.of(ConstantDescs.CD_Object))
                            .astore(1)
                            .aload(1)
                            .ifnull(jdk)
                            .aload(1)
                            .checkcast(CD_EXECUTOR)
                            .areturn()
                            .labelBinding(jdk)
                            .invokestatic(CD_VT, "defaultScheduler", PICK)
                            .areturn();
                }));
        return javaLang.defineClass(bytes);
    }

    /** The transformer: the constructor's one read of the default scheduler becomes {@code pick()}. */
    private static final class Rewrite implements ClassFileTransformer {
        private final String field;
        volatile String failure;

        Rewrite(String field) {
            this.field = field;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                ProtectionDomain domain, byte[] bytes) {
            if (loader != null || !VT.equals(name)) {
                return null;
            }
            try {
                ClassFile cf = ClassFile.of();
                ClassModel model = cf.parse(bytes);
                int reads = 0;
                for (MethodModel m : model.methods()) {
                    if (m.methodName().equalsString("<init>") && m.code().isPresent()) {
                        for (CodeElement e : m.code().get()) {
                            reads += isRead(e) ? 1 : 0;
                        }
                    }
                }
                if (reads != 1) {
                    failure = "VirtualThread's constructors read " + field + " " + reads + " times, expected once";
                    return null;
                }
                return cf.transformClass(model, ClassTransform.transformingMethodBodies(
                        m -> m.methodName().equalsString("<init>"),
                        (code, e) -> {
                            if (isRead(e)) {
                                code.invokestatic(CD_HOOK, "pick", PICK);
                            } else {
                                code.with(e);
                            }
                        }));
            } catch (RuntimeException | LinkageError e) {
                failure = "rewriting VirtualThread failed: " + e;
                return null;
            }
        }

        private boolean isRead(CodeElement e) {
            return e instanceof FieldInstruction f && f.opcode() == Opcode.GETSTATIC
                    && f.owner().asInternalName().equals(VT) && f.name().equalsString(field);
        }
    }
}
