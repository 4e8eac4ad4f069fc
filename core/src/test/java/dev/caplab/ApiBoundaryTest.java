package dev.caplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The boundary between core's API and its runtime: the module exports the API packages only, and
 * nothing a user can reach through them (public or protected signatures of public types) names a
 * type of an internal package, so the simulator's runtime can change without breaking a node,
 * a scenario or a second runtime.
 */
class ApiBoundaryTest {

  private static final Path CLASSES = Path.of("target", "classes");

  @Test
  void theModuleExportsTheApiPackagesAndNothingElse() {
    ModuleDescriptor core = ModuleFinder.of(CLASSES).find("dev.caplab.core").orElseThrow().descriptor();
    Set<String> exported = core.exports().stream().map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of("dev.caplab.check", "dev.caplab.config", "dev.caplab.fault",
        "dev.caplab.history", "dev.caplab.metrics", "dev.caplab.net", "dev.caplab.node", "dev.caplab.report",
        "dev.caplab.sim", "dev.caplab.time", "dev.caplab.workload")), exported);
    assertTrue(core.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), "no backdoor exports");
    Set<String> hidden = new TreeSet<>(core.packages());
    hidden.removeAll(exported);
    assertEquals(Set.of("dev.caplab.node.internal", "dev.caplab.sim.internal"), hidden);
  }

  @Test
  void noPublicSignatureOfAnExportedTypeNamesAnInternalType() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : exportedPublicTypes()) {
      check(type.getName() + " extends", type.getGenericSuperclass(), leaks);
      for (Type i : type.getGenericInterfaces()) {
        check(type.getName() + " implements", i, leaks);
      }
      for (Field f : type.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(type.getName() + "." + f.getName(), f.getGenericType(), leaks);
        }
      }
      List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
      members.addAll(List.<Constructor<?>>of(type.getDeclaredConstructors()));
      for (Executable m : members) {
        if (!visible(m.getModifiers()) || m.isSynthetic()) {
          continue;
        }
        String where = type.getName() + "." + m.getName();
        if (m instanceof Method method) {
          check(where + " returns", method.getGenericReturnType(), leaks);
        }
        for (Type p : m.getGenericParameterTypes()) {
          check(where + " takes", p, leaks);
        }
      }
    }
    assertEquals(List.of(), leaks);
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(String where, Type type, List<String> leaks) {
    if (type != null && type.getTypeName().contains(".internal.")) {
      leaks.add(where + " " + type.getTypeName());
    }
  }

  private static List<Class<?>> exportedPublicTypes() throws IOException, ClassNotFoundException {
    ModuleDescriptor core = ModuleFinder.of(CLASSES).find("dev.caplab.core").orElseThrow().descriptor();
    Set<String> exported = core.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CLASSES)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String name = CLASSES.relativize(p).toString().replace('/', '.').replace('\\', '.');
        name = name.substring(0, name.length() - ".class".length());
        if (name.equals("module-info")) {
          continue;
        }
        Class<?> c = Class.forName(name, false, ApiBoundaryTest.class.getClassLoader());
        if (exported.contains(c.getPackageName()) && Modifier.isPublic(c.getModifiers())
            && (c.getEnclosingClass() == null || Modifier.isPublic(c.getEnclosingClass().getModifiers()))) {
          out.add(c);
        }
      }
    }
    assertTrue(out.size() > 50, "found " + out.size() + " public types");
    return out;
  }
}
