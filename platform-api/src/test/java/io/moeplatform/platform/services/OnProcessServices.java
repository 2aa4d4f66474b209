package io.moeplatform.platform.services;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;

/**
 * On a subclass of an {@code ApiTestSupport} IT: its tests run on a platform configured for the
 * {@link ProcessServices} servers through {@code spring.datasource.*} and {@code moe.s3.*} only,
 * instead of the embedded ones. Every such class shares one platform (Spring's context cache).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ContextConfiguration(initializers = ProcessServices.Initializer.class)
public @interface OnProcessServices {}
