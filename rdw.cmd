@echo off
rem The rdw command on Windows, from a checkout: builds rdw with the Maven Wrapper (mvnw.cmd) on first use, or after
rem the sources change, then runs it with java -jar. Needs Java 17+ only (java on the PATH, or JAVA_HOME).
rem   rdw quickstart          rdw --help          rdw jshell
rem RDW_JAVA_OPTS passes options to the JVM (e.g. set RDW_JAVA_OPTS=-Xmx512m). ./rdw does the same elsewhere.
rem RDW_NATIVE_CACHE: where DuckDB's native library is kept; RDW_CDS=off: no class-data sharing archive (see README).
setlocal
set "RDW_HOME=%~dp0"
set "RDW_JAR=%RDW_HOME%rdw-cli\target\rdw-cli.jar"
set "RDW_JAVA=java"
if defined JAVA_HOME set "RDW_JAVA=%JAVA_HOME%\bin\java"

if not exist "%RDW_JAR%" goto build
rem stale when a source, a pom.xml or a main resource is newer than the jar (target and .git folders aside)
powershell -NoProfile -NonInteractive -Command "$jar = (Get-Item -LiteralPath $env:RDW_JAR).LastWriteTimeUtc; $newer = Get-ChildItem -LiteralPath $env:RDW_HOME -Recurse -File -ErrorAction SilentlyContinue | Where-Object { $_.FullName -notmatch '\\(target|\.git)\\' -and ($_.Name -like '*.java' -or $_.Name -eq 'pom.xml' -or $_.FullName -match '\\src\\main\\resources\\') -and $_.LastWriteTimeUtc -gt $jar } | Select-Object -First 1; if ($newer) { exit 1 } else { exit 0 }"
if errorlevel 1 goto build
goto run

:build
echo rdw: building rdw (first use, or the sources changed) ... 1>&2
set "RDW_LOG=%TEMP%\rdw-build-%RANDOM%%RANDOM%.log"
pushd "%RDW_HOME%"
call "%RDW_HOME%mvnw.cmd" -B -q -DskipTests -DskipShade=true -pl rdw-cli -am package > "%RDW_LOG%" 2>&1
set "RDW_RC=%ERRORLEVEL%"
popd
if "%RDW_RC%"=="0" goto built
type "%RDW_LOG%" 1>&2
echo rdw: the build failed, log above 1>&2
exit /b 1
:built
del "%RDW_LOG%" 2>nul
powershell -NoProfile -NonInteractive -Command "(Get-Item -LiteralPath $env:RDW_JAR).LastWriteTimeUtc = (Get-Date).ToUniversalTime()"
rem the classes of the new jar are archived anew on the next run
del "%RDW_HOME%rdw-cli\target\rdw-cli.jsa" 2>nul

:run
rem DuckDB's native library: rdw-cli packs DuckDB's driver without it, and rdw extracts it once into the per-user cache
rem (RDW_NATIVE_CACHE, else %LOCALAPPDATA%\rdw\cache); the driver loads it through java.library.path.
set "RDW_OPTS="
set "RDW_DUCKDB="
for %%f in ("%RDW_HOME%rdw-cli\target\lib\duckdb_jdbc-*.jar") do set "RDW_DUCKDB=%%~nf"
if not defined RDW_DUCKDB goto cds
set "RDW_CACHE=%RDW_NATIVE_CACHE%"
if not defined RDW_CACHE set "RDW_CACHE=%LOCALAPPDATA%\rdw\cache"
set "RDW_OPTS="-Djava.library.path=%RDW_CACHE%\duckdb\%RDW_DUCKDB:duckdb_jdbc-=%""

:cds
rem Class-data sharing: the first run after a build archives the classes it loaded beside the jar, later runs map
rem them; an unusable archive is ignored without a word. RDW_CDS=off leaves it out.
set "RDW_CDS_FILE=%RDW_HOME%rdw-cli\target\rdw-cli.jsa"
set "RDW_CDS_NEW="
if /i "%RDW_CDS%"=="off" goto launch
set "RDW_QUIET=-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
if exist "%RDW_CDS_FILE%" goto cdsuse
set "RDW_CDS_NEW=%RDW_CDS_FILE%.%RANDOM%%RANDOM%.tmp"
set RDW_OPTS=%RDW_OPTS% "-XX:ArchiveClassesAtExit=%RDW_CDS_NEW%" %RDW_QUIET%
goto launch
:cdsuse
set RDW_OPTS=%RDW_OPTS% "-XX:SharedArchiveFile=%RDW_CDS_FILE%" %RDW_QUIET%

:launch
"%RDW_JAVA%" %RDW_OPTS% %RDW_JAVA_OPTS% -jar "%RDW_JAR%" %*
set "RDW_RC=%ERRORLEVEL%"
if not defined RDW_CDS_NEW exit /b %RDW_RC%
if exist "%RDW_CDS_NEW%" move /y "%RDW_CDS_NEW%" "%RDW_CDS_FILE%" >nul 2>nul
del "%RDW_CDS_NEW%" 2>nul
exit /b %RDW_RC%
