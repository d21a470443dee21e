// The quickstart in JShell, through the static Warehouse facade (the same calls work in a notebook).
// Run from the repository root:  ./rdw jshell rdw-examples/src/main/jshell/quickstart.jsh
// The warehouse is the configured one (see ./rdw config); set RDW_WAREHOUSE=/some/folder to use another.
import io.redback.rdw.*;
import io.redback.rdw.etl.*;
import java.nio.file.*;

Path csv = Files.createTempFile("rides", ".csv");
Files.writeString(csv, "Ride ID,Device Type,Speed km/h,Empty\n1,garmin,12.5,\n2,wahoo,30.0,\n2,wahoo,30.0,\n3,garmin,NA,\n4,,,\n");

ObjectInfo raw = Warehouse.bucket("bronze").upload(csv, "project1", o -> o.task("t1_rides"));
System.out.println("bronze: " + raw.key());

PipelineResult clean = Pipelines.clean(raw.key());
ObjectInfo silver = clean.silverObject().orElseThrow();
System.out.println("silver: " + silver.key());

Warehouse.query("SELECT device_type, count(*) AS rides FROM " + silver.sqlPath() + " GROUP BY device_type ORDER BY device_type").show();

Warehouse.provenance(ProvenanceQuery.all().keyPrefix(raw.key().replace(".csv", ""))).forEach(e -> System.out.println("provenance: " + e.eventType() + " " + e.objectKey()));
Files.delete(csv);
/exit
