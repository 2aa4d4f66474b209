package io.moeplatform.platform.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.core.data.LanguagePair;
import io.moeplatform.platform.ApiTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The datasets API over HTTP, on the embedded PostgreSQL and S3. */
class DatasetApiIT extends ApiTestSupport {

    @Test
    void tsvUploadGivesStatsPerLanguagePairAndPreview() {
        Team team = newTeam("ds");
        HttpResponse<String> created = send(new Multipart()
                .field("name", "small")
                .file("file", "small.tsv", SMALL_TSV)
                .request(uri("/api/v1/datasets"), team.token()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode ds = body(created);
        UUID id = UUID.fromString(ds.get("id").asString());
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/datasets/" + id);
        assertThat(ds.get("status").asString()).isEqualTo("READY");
        assertThat(ds.get("format").asString()).isEqualTo("TSV");
        assertThat(ds.get("pairs").asLong()).isEqualTo(5);
        assertThat(ds.get("sizeBytes").asLong()).isEqualTo(SMALL_TSV.getBytes(StandardCharsets.UTF_8).length);
        JsonNode enDe = ds.get("stats").get("languagePairs").get("en>de");
        assertThat(enDe.get("pairs").asLong()).isEqualTo(3);
        assertThat(enDe.get("duplicates").asLong()).isEqualTo(1);
        assertThat(enDe.get("sourceWords").asLong()).isEqualTo(2 + 6 + 2);
        assertThat(ds.get("stats")
                        .get("languagePairs")
                        .get("en>fr")
                        .get("pairs")
                        .asLong())
                .isEqualTo(2);
        assertThat(ds.get("files").get(0).get("name").asString()).isEqualTo("small.tsv");
        assertThat(ds.get("files").get(0).get("lines").asLong()).isEqualTo(6);

        JsonNode fetched = body(get("/api/v1/datasets/" + id, team.token()));
        assertThat(fetched.get("stats").get("total").get("pairs").asLong()).isEqualTo(5);

        // objects: the original and the normalised copy
        String prefix = "teams/" + team.id() + "/datasets/" + id + "/";
        assertThat(store.listKeys(prefix)).containsExactlyInAnyOrder(prefix + "files/small.tsv", prefix + "corpus.tsv");
        assertThat(new String(store.getBytes(prefix + "corpus.tsv"), StandardCharsets.UTF_8))
                .startsWith("src_lang\ttgt_lang\tsrc\ttgt\nen\tde\tGood morning.\tGuten Morgen.\n");

        HttpResponse<String> preview = get("/api/v1/datasets/" + id + "/preview?n=2", team.token());
        assertThat(preview.statusCode()).isEqualTo(200);
        JsonNode pairs = body(preview).get("pairs");
        assertThat(pairs).hasSize(2);
        assertThat(pairs.get(1).get("tgt").asString()).isEqualTo("Die Katze schläft auf der Matte.");
        assertThat(pairs.get(1).get("tgtLang").asString()).isEqualTo("de");
        assertThat(get("/api/v1/datasets/" + id + "/preview?n=0", team.token()).statusCode())
                .isEqualTo(400);
        HttpResponse<String> tooMany = get("/api/v1/datasets/" + id + "/preview?n=1001", team.token());
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(body(tooMany).get("field").asString()).isEqualTo("n");
    }

    @Test
    void mosesPairUpload() {
        Team team = newTeam("ds");
        HttpResponse<String> created = send(new Multipart()
                .field("name", "moses")
                .file("source", "corpus.en", "Hello world.\nGood night.\n")
                .file("target", "corpus.de", "Hallo Welt.\nGute Nacht.\n")
                .request(uri("/api/v1/datasets"), team.token()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode ds = body(created);
        assertThat(ds.get("format").asString()).isEqualTo("MOSES");
        assertThat(ds.get("pairs").asLong()).isEqualTo(2);
        assertThat(ds.get("stats")
                        .get("languagePairs")
                        .get("en>de")
                        .get("pairs")
                        .asLong())
                .isEqualTo(2);
        assertThat(ds.get("files")).hasSize(2);
        JsonNode preview = body(get("/api/v1/datasets/" + ds.get("id").asString() + "/preview", team.token()));
        assertThat(preview.get("pairs").get(1).get("src").asString()).isEqualTo("Good night.");
        assertThat(preview.get("pairs").get(1).get("tgt").asString()).isEqualTo("Gute Nacht.");
    }

    @Test
    void misalignedLineIsRejectedNamingTheLineAndNothingIsLeft() {
        Team team = newTeam("ds");
        String bad = SMALL_TSV + "en\tde\tonly three fields\n" + "en\tde\tfine\tgut\n" + "en\txx-notalang!\ta\tb\n";
        HttpResponse<String> response = send(new Multipart()
                .field("name", "bad")
                .file("file", "bad.tsv", bad)
                .request(uri("/api/v1/datasets"), team.token()));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = body(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://moeplatform.io/problems/invalid-corpus");
        assertThat(problem.get("detail").asString()).startsWith("bad.tsv:7: ");
        assertThat(problem.get("file").asString()).isEqualTo("bad.tsv");
        assertThat(problem.get("line").asLong()).isEqualTo(7);
        assertThat(problem.get("totalProblems").asLong()).isEqualTo(2);
        assertThat(problem.get("problems")).hasSize(2);
        assertThat(problem.get("problems").get(1).get("line").asLong()).isEqualTo(9);
        assertNothingStored(team);
    }

    @Test
    void badUtf8IsRejectedNamingTheLine() {
        Team team = newTeam("ds");
        byte[] head = "src_lang\ttgt_lang\tsrc\ttgt\nen\tde\tok\tgut\nen\tde\tbad ".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\tschlecht\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, content, 0, head.length);
        content[head.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        content[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, content, head.length + 2, tail.length);
        HttpResponse<String> response = send(new Multipart()
                .field("name", "latin1")
                .file("file", "latin1.tsv", content)
                .request(uri("/api/v1/datasets"), team.token()));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = body(response);
        assertThat(problem.get("line").asLong()).isEqualTo(3);
        assertThat(problem.get("detail").asString())
                .startsWith("latin1.tsv:3: ")
                .containsIgnoringCase("utf-8");
        assertNothingStored(team);
    }

    @Test
    void mosesPairWithDifferentLineCountsIsRejected() {
        Team team = newTeam("ds");
        HttpResponse<String> response = send(new Multipart()
                .field("name", "moses-bad")
                .file("source", "corpus.en", "One.\nTwo.\nThree.\n")
                .file("target", "corpus.de", "Eins.\nZwei.\n")
                .request(uri("/api/v1/datasets"), team.token()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(body(response).get("type").asString()).endsWith("/invalid-corpus");
        assertNothingStored(team);
    }

    @Test
    void requestErrorsNameTheField() {
        Team team = newTeam("ds");
        HttpResponse<String> noName =
                send(new Multipart().file("file", "a.tsv", SMALL_TSV).request(uri("/api/v1/datasets"), team.token()));
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(body(noName).get("field").asString()).isEqualTo("name");
        HttpResponse<String> noFile =
                send(new Multipart().field("name", "x").request(uri("/api/v1/datasets"), team.token()));
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(body(noFile).get("field").asString()).isEqualTo("file");
        HttpResponse<String> badFormat = send(new Multipart()
                .field("name", "x")
                .field("format", "CSV")
                .file("file", "a.tsv", SMALL_TSV)
                .request(uri("/api/v1/datasets"), team.token()));
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(body(badFormat).get("field").asString()).isEqualTo("format");
        assertNothingStored(team);
    }

    @Test
    void duplicateNameIsAConflictAndDeleteRemovesObjectsThenRows() {
        Team team = newTeam("ds");
        UUID id = uploadSmallDataset(team, "dup");
        HttpResponse<String> again = send(new Multipart()
                .field("name", "dup")
                .file("file", "other.tsv", SMALL_TSV + "en\tde\tYes.\tJa.\n")
                .request(uri("/api/v1/datasets"), team.token()));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(body(again).get("type").asString()).isEqualTo("https://moeplatform.io/problems/dataset-exists");
        assertThat(store.listKeys("teams/" + team.id() + "/datasets/"))
                .hasSize(2)
                .allMatch(k -> k.contains(id.toString()));

        // the same name in another team is fine
        uploadSmallDataset(newTeam("ds"), "dup");

        // an object already gone does not stop a delete
        store.delete("teams/" + team.id() + "/datasets/" + id + "/corpus.tsv");
        assertThat(send("DELETE", "/api/v1/datasets/" + id, team.token(), null).statusCode())
                .isEqualTo(204);
        assertNothingStored(team);
        assertThat(get("/api/v1/datasets/" + id, team.token()).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/datasets/" + id, team.token(), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void deleteIsRefusedWhileAQueuedJobUsesTheDataset() {
        Team team = newTeam("ds");
        UUID id = uploadSmallDataset(team, "in-use");
        HttpResponse<String> job = send(
                "POST",
                "/api/v1/jobs",
                team.token(),
                "{\"name\":\"j\",\"dataset\":\"" + id + "\",\"schedule\":{\"steps\":10}}");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
        HttpResponse<String> refused = send("DELETE", "/api/v1/datasets/" + id, team.token(), null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(body(refused).get("jobs").get(0).asString())
                .isEqualTo(body(job).get("id").asString());
        assertThat(body(get("/api/v1/datasets/" + id, team.token()))
                        .get("status")
                        .asString())
                .isEqualTo("READY");
        assertThat(send("POST", "/api/v1/jobs/" + body(job).get("id").asString() + "/cancel", team.token(), null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("DELETE", "/api/v1/datasets/" + id, team.token(), null).statusCode())
                .isEqualTo(204);
    }

    @Test
    void listIsPaginatedAndScopedByTeam() {
        Team team = newTeam("ds");
        for (int i = 0; i < 3; i++) {
            uploadSmallDataset(team, "list-" + i);
        }
        JsonNode page0 = body(get("/api/v1/datasets?page=0&size=2", team.token()));
        assertThat(page0.get("total").asLong()).isEqualTo(3);
        assertThat(page0.get("items")).hasSize(2);
        assertThat(page0.get("items").get(0).get("languagePairs").get(0).asString())
                .isEqualTo("en>de");
        JsonNode page1 = body(get("/api/v1/datasets?page=1&size=2", team.token()));
        assertThat(page1.get("items")).hasSize(1);
        assertThat(page1.get("page").asInt()).isEqualTo(1);
        List<String> names = new ArrayList<>();
        page0.get("items").forEach(n -> names.add(n.get("name").asString()));
        page1.get("items").forEach(n -> names.add(n.get("name").asString()));
        assertThat(names).containsExactlyInAnyOrder("list-0", "list-1", "list-2");
        assertThat(get("/api/v1/datasets?size=0", team.token()).statusCode()).isEqualTo(400);
    }

    @Test
    void idempotencyKeyRetriesCreateOneDataset() throws Exception {
        Team team = newTeam("ds");
        Callable<HttpResponse<String>> upload = () -> send(new Multipart()
                .header("Idempotency-Key", "upload-1")
                .field("name", "idem")
                .file("file", "small.tsv", SMALL_TSV)
                .request(uri("/api/v1/datasets"), team.token()));
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(upload));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> f : futures) {
            assertThat(f.get().statusCode()).as(f.get().body()).isEqualTo(201);
            ids.add(body(f.get()).get("id").asString());
        }
        assertThat(ids).as("every retry gets the first response").containsOnly(ids.getFirst());
        assertThat(jdbc.sql("SELECT count(*) FROM datasets WHERE team_id = ?")
                        .param(team.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(store.listKeys("teams/" + team.id() + "/datasets/")).hasSize(2);

        // the same key for another file is refused
        HttpResponse<String> other = send(new Multipart()
                .header("Idempotency-Key", "upload-1")
                .field("name", "idem")
                .file("file", "small.tsv", SMALL_TSV + "en\tde\tYes.\tJa.\n")
                .request(uri("/api/v1/datasets"), team.token()));
        assertThat(other.statusCode()).isEqualTo(422);
    }

    @Test
    void sampleCorpusIsPreloadedForTheAdminTeam() {
        Team admin = admin();
        JsonNode list = body(get("/api/v1/datasets?size=200", admin.token()));
        JsonNode sample = null;
        for (JsonNode item : list.get("items")) {
            if (item.get("name").asString().equals("sample-corpus")) {
                sample = item;
            }
        }
        assertThat(sample).as("sample-corpus in " + list).isNotNull();
        assertThat(sample.get("status").asString()).isEqualTo("READY");
        assertThat(sample.get("pairs").asLong()).isGreaterThan(10_000);
        assertThat(sample.get("languagePairs").size()).isGreaterThan(5);
        List<String> keys = new ArrayList<>();
        sample.get("languagePairs").forEach(k -> keys.add(k.asString()));
        assertThat(keys).contains("en>de", "en>pt-BR", "en>zh-TW");
        assertThat(keys).allSatisfy(LanguagePair::parse);
    }

    @Test
    void statisticsAreKeyedByLanguagePairKeysThatKeepHyphenatedTagsApart() {
        Team team = newTeam("ds");
        String tsv = """
                src_lang	tgt_lang	src	tgt
                en	pt-BR	Open file	Abrir arquivo
                en	pt-BR	Quit	Sair
                zh-Hant	en	你好	Hello
                sr-Latn-RS	de	Dobro jutro.	Guten Morgen.
                en	de	Good night.	Gute Nacht.
                """;
        HttpResponse<String> created = send(new Multipart()
                .field("name", "hyphenated")
                .file("file", "hyphenated.tsv", tsv)
                .request(uri("/api/v1/datasets"), team.token()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode ds = body(created);
        JsonNode byPair = ds.get("stats").get("languagePairs");
        assertThat(byPair.propertyNames())
                .containsExactlyInAnyOrder("en>de", "en>pt-BR", "zh-Hant>en", "sr-Latn-RS>de");
        assertThat(byPair.get("en>pt-BR").get("pairs").asLong()).isEqualTo(2);
        assertThat(byPair.get("zh-Hant>en").get("pairs").asLong()).isEqualTo(1);
        assertThat(byPair.get("sr-Latn-RS>de").get("pairs").asLong()).isEqualTo(1);
        assertThat(LanguagePair.parse("sr-Latn-RS>de")).isEqualTo(new LanguagePair("sr-Latn-RS", "de"));

        // stored so in PostgreSQL, and listed so
        assertThat(jdbc.sql("SELECT jsonb_object_keys(stats->'languagePairs') FROM datasets WHERE id = ?")
                        .param(UUID.fromString(ds.get("id").asString()))
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder("en>de", "en>pt-BR", "zh-Hant>en", "sr-Latn-RS>de");
        JsonNode item = body(get("/api/v1/datasets", team.token())).get("items").get(0);
        List<String> listed = new ArrayList<>();
        item.get("languagePairs").forEach(k -> listed.add(k.asString()));
        assertThat(listed).containsExactlyInAnyOrder("en>de", "en>pt-BR", "zh-Hant>en", "sr-Latn-RS>de");
    }

    private void assertNothingStored(Team team) {
        assertThat(store.listKeys("teams/" + team.id() + "/")).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM datasets WHERE team_id = ?")
                        .param(team.id())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM dataset_files f JOIN datasets d ON d.id = f.dataset_id WHERE d.team_id = ?")
                        .param(team.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
