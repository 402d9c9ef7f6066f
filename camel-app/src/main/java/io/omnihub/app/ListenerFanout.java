package io.omnihub.app;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * One listener that forwards every call to several (health/metrics first, then trace). It is a
 * dynamic proxy, so a method later added to a listener interface reaches every delegate without
 * touching this class. Each delegate is called even when an earlier one throws; the first failure is
 * rethrown afterwards, so a listener's exception behaves as it did without the fan-out.
 */
public final class ListenerFanout {

    private ListenerFanout() {
    }

    /** A {@code type} that forwards each call to every delegate implementing it, in the given order. */
    @SuppressWarnings("unchecked")
    public static <T> T of(Class<T> type, Object... delegates) {
        List<Object> targets = java.util.Arrays.stream(delegates).filter(type::isInstance).toList();
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args, type, targets);
            }
            Throwable first = null;
            Object result = null;
            for (Object target : targets) {
                try {
                    result = method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                }
            }
            if (first != null) {
                throw first;
            }
            return result;
        });
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, Class<?> type, List<Object> targets) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> type.getSimpleName() + " fan-out to " + targets;
        };
    }
}
