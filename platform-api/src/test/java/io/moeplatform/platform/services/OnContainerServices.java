package io.moeplatform.platform.services;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ContextConfiguration;

/**
 * On a subclass of an {@code ApiTestSupport} IT: its tests run on a platform configured for the
 * {@link ContainerServices} containers through {@code spring.datasource.*} and {@code moe.s3.*}
 * only. Skipped with a message where no Docker engine answers; failed instead when
 * {@code MOE_REQUIRE} names {@code docker}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(ContainerServices.RequireDocker.class)
@ContextConfiguration(initializers = ContainerServices.Initializer.class)
public @interface OnContainerServices {}
