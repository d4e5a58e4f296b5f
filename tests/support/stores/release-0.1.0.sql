BEGIN TRANSACTION;
CREATE TABLE dup_groups (
	id INTEGER NOT NULL, 
	size INTEGER NOT NULL, 
	method VARCHAR(8) NOT NULL, 
	grouped_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "dup_groups" VALUES(1,2,'exact','2026-12-07 17:53:05.195638');
CREATE TABLE locks (
	name VARCHAR(64) NOT NULL, 
	owner VARCHAR(64) NOT NULL, 
	host VARCHAR(255) NOT NULL, 
	pid INTEGER NOT NULL, 
	purpose TEXT, 
	acquired_at DATETIME NOT NULL, 
	heartbeat_at DATETIME NOT NULL, 
	expires_after FLOAT NOT NULL, 
	runs TEXT NOT NULL, 
	PRIMARY KEY (name)
);
INSERT INTO "locks" VALUES('pipeline','db324ad7c0eb4d26b4eca1b7c73faa39','vm',4038,'a run left holding the lock','2026-12-07 17:53:05.245970','2026-12-07 17:53:05.245970',120.0,'[]');
CREATE TABLE mentions (
	id INTEGER NOT NULL, 
	posting_id INTEGER NOT NULL, 
	skill VARCHAR(100) NOT NULL, 
	section VARCHAR(16) NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	taxonomy VARCHAR(64), 
	PRIMARY KEY (id), 
	CONSTRAINT fk_mentions_posting FOREIGN KEY(posting_id) REFERENCES postings (id) ON DELETE CASCADE
);
INSERT INTO "mentions" VALUES(1,1,'python','other',27,33,'Python','15baececf378de85');
INSERT INTO "mentions" VALUES(2,1,'postgresql','other',35,45,'PostgreSQL','15baececf378de85');
INSERT INTO "mentions" VALUES(3,1,'kafka','other',50,55,'Kafka','15baececf378de85');
INSERT INTO "mentions" VALUES(4,1,'python','required',83,89,'Python','15baececf378de85');
INSERT INTO "mentions" VALUES(5,1,'docker','required',107,113,'Docker','15baececf378de85');
INSERT INTO "mentions" VALUES(6,1,'kubernetes','preferred',129,139,'Kubernetes','15baececf378de85');
INSERT INTO "mentions" VALUES(7,2,'go','required',11,13,'Go','15baececf378de85');
INSERT INTO "mentions" VALUES(8,2,'grpc','other',15,19,'gRPC','15baececf378de85');
INSERT INTO "mentions" VALUES(9,2,'redis','other',21,26,'Redis','15baececf378de85');
INSERT INTO "mentions" VALUES(10,2,'aws','other',31,34,'AWS','15baececf378de85');
INSERT INTO "mentions" VALUES(11,2,'go','required',53,55,'Go','15baececf378de85');
INSERT INTO "mentions" VALUES(12,2,'sql','required',60,63,'SQL','15baececf378de85');
INSERT INTO "mentions" VALUES(13,2,'terraform','preferred',72,81,'Terraform','15baececf378de85');
INSERT INTO "mentions" VALUES(14,3,'kubernetes','other',13,23,'Kubernetes','15baececf378de85');
INSERT INTO "mentions" VALUES(15,3,'gcp','other',36,39,'GCP','15baececf378de85');
INSERT INTO "mentions" VALUES(16,3,'terraform','other',47,56,'Terraform','15baececf378de85');
INSERT INTO "mentions" VALUES(17,3,'monitoring','other',66,76,'Prometheus','15baececf378de85');
INSERT INTO "mentions" VALUES(18,3,'linux','required',101,106,'Linux','15baececf378de85');
INSERT INTO "mentions" VALUES(19,3,'shell','required',111,115,'Bash','15baececf378de85');
INSERT INTO "mentions" VALUES(20,4,'java','required',0,4,'Java','15baececf378de85');
INSERT INTO "mentions" VALUES(21,4,'spring','other',9,20,'Spring Boot','15baececf378de85');
INSERT INTO "mentions" VALUES(22,4,'rest','other',39,47,'REST API','15baececf378de85');
INSERT INTO "mentions" VALUES(23,4,'mysql','other',49,54,'MySQL','15baececf378de85');
INSERT INTO "mentions" VALUES(24,4,'rabbitmq','other',56,64,'RabbitMQ','15baececf378de85');
INSERT INTO "mentions" VALUES(25,4,'microservices','preferred',83,96,'microservices','15baececf378de85');
INSERT INTO "mentions" VALUES(26,4,'ci-cd','preferred',101,106,'CI/CD','15baececf378de85');
INSERT INTO "mentions" VALUES(27,5,'python','other',27,33,'Python','15baececf378de85');
INSERT INTO "mentions" VALUES(28,5,'postgresql','other',35,45,'PostgreSQL','15baececf378de85');
INSERT INTO "mentions" VALUES(29,5,'kafka','other',50,55,'Kafka','15baececf378de85');
INSERT INTO "mentions" VALUES(30,5,'python','required',83,89,'Python','15baececf378de85');
INSERT INTO "mentions" VALUES(31,5,'docker','required',107,113,'Docker','15baececf378de85');
INSERT INTO "mentions" VALUES(32,5,'kubernetes','preferred',129,139,'Kubernetes','15baececf378de85');
CREATE TABLE postings (
	id INTEGER NOT NULL, 
	source VARCHAR(200) NOT NULL, 
	source_type VARCHAR(32) NOT NULL, 
	external_id VARCHAR(500) NOT NULL, 
	url TEXT NOT NULL, 
	title TEXT NOT NULL, 
	company TEXT NOT NULL, 
	location TEXT, 
	remote BOOLEAN, 
	posted_at DATETIME, 
	salary_min FLOAT, 
	salary_max FLOAT, 
	salary_currency VARCHAR(16), 
	salary_period VARCHAR(8), 
	description_html TEXT, 
	description_text TEXT NOT NULL, 
	attribution TEXT, 
	content_hash VARCHAR(64) NOT NULL, 
	first_seen DATETIME NOT NULL, 
	last_seen DATETIME NOT NULL, 
	closed_at DATETIME, 
	first_run_id INTEGER, 
	last_run_id INTEGER, 
	text_fingerprint VARCHAR(64), 
	dup_group INTEGER, 
	input_hash VARCHAR(64), 
	extracted_hash VARCHAR(64), 
	extracted_taxonomy VARCHAR(64), 
	grouped_hash VARCHAR(64), 
	PRIMARY KEY (id), 
	CONSTRAINT uq_postings_source_external_id UNIQUE (source, external_id)
);
INSERT INTO "postings" VALUES(1,'greenhouse','greenhouse','gh-1','https://jobs.example.test/gh-1','Backend Engineer','Northwind Freight',NULL,NULL,'2026-11-02 09:00:00.000000',120000.0,150000.0,'USD','year','<p>We build our platform with Python, PostgreSQL and Kafka. Requirements: 3+ years of Python; experience with Docker. Nice to have: Kubernetes.</p>','We build our platform with Python, PostgreSQL and Kafka. Requirements: 3+ years of Python; experience with Docker. Nice to have: Kubernetes.',NULL,'3934fe7ae5908097e9652f9bcdcb3cd81e7d41dca1dd714693e5e80ce44c40ee','2026-12-07 17:52:53.968947','2026-12-07 17:52:53.968947',NULL,1,1,'5a6505827da5913aff9ba48674246524ec1ddf321aa39acf1c7ad242fc9eada9',1,'7e11d7983c80a57d823184c419cd48d46fa7fc4096a72c1d5bf4e3bb5b2cb694','7e11d7983c80a57d823184c419cd48d46fa7fc4096a72c1d5bf4e3bb5b2cb694','15baececf378de85','7e11d7983c80a57d823184c419cd48d46fa7fc4096a72c1d5bf4e3bb5b2cb694');
INSERT INTO "postings" VALUES(2,'greenhouse','greenhouse','gh-2','https://jobs.example.test/gh-2','Senior Go Engineer','Lumen Robotics',NULL,NULL,'2026-11-02 09:00:00.000000',NULL,NULL,NULL,NULL,'<p>Our stack: Go, gRPC, Redis and AWS. You bring strong Go and SQL skills. Terraform is a plus.</p>','Our stack: Go, gRPC, Redis and AWS. You bring strong Go and SQL skills. Terraform is a plus.',NULL,'a7a6e66eeb6360eb80a29b4f43138e4d3125819c402f2437b488ca15a0174fb9','2026-12-07 17:52:54.000194','2026-12-07 17:52:54.000194',NULL,1,1,'fa063387cf6009bf111b39bbe93170e8ce8d377f80ea729de564060470c99c56',NULL,'a260f746a5e17adb7f4fde3fe0aa102e14e24363cb6b3838ed8010d88695f478','a260f746a5e17adb7f4fde3fe0aa102e14e24363cb6b3838ed8010d88695f478','15baececf378de85','a260f746a5e17adb7f4fde3fe0aa102e14e24363cb6b3838ed8010d88695f478');
INSERT INTO "postings" VALUES(3,'greenhouse','greenhouse','gh-3','https://jobs.example.test/gh-3','Platform Engineer','Quietwater Analytics',NULL,NULL,'2026-11-02 09:00:00.000000',NULL,NULL,NULL,NULL,'<p>You will run Kubernetes clusters on GCP, write Terraform and keep Prometheus alerts quiet. Must have Linux and Bash.</p>','You will run Kubernetes clusters on GCP, write Terraform and keep Prometheus alerts quiet. Must have Linux and Bash.',NULL,'0332bb1894a3daee6534a536a91e9399cb85dce73c89e5cc62a5ad1c4b048bba','2026-12-07 17:52:54.000718','2026-12-07 17:52:54.000718',NULL,1,1,'e8b997fb498410f438fd8bd56175ab678b614df530b2f5dd2d36e19df43fb2d5',NULL,'ab7f9a92b8b821c407bd1983859f6ae275b3d39a671b97976dbda2b1333aec11','ab7f9a92b8b821c407bd1983859f6ae275b3d39a671b97976dbda2b1333aec11','15baececf378de85','ab7f9a92b8b821c407bd1983859f6ae275b3d39a671b97976dbda2b1333aec11');
INSERT INTO "postings" VALUES(4,'lever','lever','lv-1','https://jobs.example.test/lv-1','Backend Developer (Java)','Copperleaf Health',NULL,NULL,'2026-11-02 09:00:00.000000',NULL,NULL,NULL,NULL,'<p>Java and Spring Boot services behind a REST API; MySQL, RabbitMQ. Ideally you know microservices and CI/CD.</p>','Java and Spring Boot services behind a REST API; MySQL, RabbitMQ. Ideally you know microservices and CI/CD.',NULL,'8e07bb6f94d7f4c6cdbba52f35b59e21a0a8b577e909fcbfc500fb16a88912e1','2026-12-07 17:52:54.001111','2026-12-07 17:52:54.001111',NULL,1,1,'379368a5ec8979f6bc29575095757dfe43b5f1b532f72241aaa73fc2770df066',NULL,'0a5e70d473e928e4392b71e29be97e9138ec63c61577ac22e64793f7ed422781','0a5e70d473e928e4392b71e29be97e9138ec63c61577ac22e64793f7ed422781','15baececf378de85','0a5e70d473e928e4392b71e29be97e9138ec63c61577ac22e64793f7ed422781');
INSERT INTO "postings" VALUES(5,'lever','lever','lv-2','https://jobs.example.test/lv-2','Backend Engineer','Northwind Freight',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'We build our platform with Python, PostgreSQL and Kafka. Requirements: 3+ years of Python; experience with Docker. Nice to have: Kubernetes.',NULL,'950b55df799c4247f01651c3ac5181dca769ee065a34496ecdae6b9e7fca4a9a','2026-12-07 17:52:54.046571','2026-12-07 17:52:54.046571',NULL,1,1,'5a6505827da5913aff9ba48674246524ec1ddf321aa39acf1c7ad242fc9eada9',1,'7e11d7983c80a57d823184c419cd48d46fa7fc4096a72c1d5bf4e3bb5b2cb694','7e11d7983c80a57d823184c419cd48d46fa7fc4096a72c1d5bf4e3bb5b2cb694','15baececf378de85','7e11d7983c80a57d823184c419cd48d46fa7fc4096a72c1d5bf4e3bb5b2cb694');
CREATE TABLE runs (
	id INTEGER NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	sources TEXT NOT NULL, 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	status VARCHAR(16) NOT NULL, 
	error TEXT, 
	figures TEXT NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "runs" VALUES(1,'crawl','["greenhouse", "lever"]','2026-12-07 17:52:53.967311','2026-12-07 17:52:54.047956','ok',NULL,'{"greenhouse": {"new": 3}, "lever": {"new": 2}}');
CREATE TABLE schema_version (
	version INTEGER NOT NULL, 
	applied_at DATETIME NOT NULL, 
	PRIMARY KEY (version)
);
INSERT INTO "schema_version" VALUES(5,'2026-12-07 17:52:53.923385');
CREATE INDEX ix_postings_last_seen ON postings (last_seen);
CREATE INDEX ix_postings_text_fingerprint ON postings (text_fingerprint);
CREATE INDEX ix_postings_dup_group ON postings (dup_group);
CREATE INDEX ix_mentions_posting_id ON mentions (posting_id);
CREATE INDEX ix_mentions_skill ON mentions (skill);
COMMIT;
