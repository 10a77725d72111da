package dev.planprovenance.service.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/** Field-level validation failures as {field, message} pairs, with fields named as in the JSON (snake_case). */
final class FieldErrors {
    private FieldErrors() {}

    static List<Map<String, String>> of(Exception e) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (e instanceof MethodArgumentNotValidException invalid) {
            for (FieldError error : invalid.getBindingResult().getFieldErrors()) {
                errors.add(Map.of("field", snakeCase(error.getField()), "message", message(error)));
            }
        } else if (e instanceof ConstraintViolationException invalid) {
            for (ConstraintViolation<?> violation : invalid.getConstraintViolations()) {
                String field = null;
                for (Path.Node node : violation.getPropertyPath()) field = node.getName();
                errors.add(Map.of("field", field == null ? "parameter" : snakeCase(field),
                        "message", violation.getMessage()));
            }
        } else if (e instanceof HandlerMethodValidationException invalid) {
            invalid.getParameterValidationResults().forEach(result -> {
                String name = result.getMethodParameter().getParameterName();
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    errors.add(Map.of("field", name == null ? "parameter" : snakeCase(name), "message", message(error)));
                }
            });
        }
        return errors;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    /** planName -> plan_name, tables[0].name stays as is. */
    static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
